// dotnet run --project samples/PartnerSync -- --csv samples/PartnerSync/hr-export.csv   (README.md here)
return await PartnerSync.PartnerSyncApp.RunAsync(args, Console.Out, CancellationToken.None);
