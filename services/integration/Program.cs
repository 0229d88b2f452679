await Mentoring.Integration.IntegrationApp.Create(args).RunAsync();
