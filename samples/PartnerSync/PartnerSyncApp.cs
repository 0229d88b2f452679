using System.CommandLine;
using Grpc.Core;
using Mentoring.Client;

namespace PartnerSync;

/// <summary>
/// The sample partner app's command line (README.md here): import the CSV HR export, then watch
/// relationship events, resuming from <c>--from-cursor</c> or the cursor file. Exit codes: 0 done
/// (or stopped with Ctrl+C), 1 the platform refused or failed, 2 bad arguments or a bad file.
/// </summary>
public static class PartnerSyncApp
{
    /// <param name="handleCtrlC">Whether Ctrl+C stops the watch (the console app); off when hosted in a test.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct, bool handleCtrlC = true)
    {
        string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        var csv = new Option<FileInfo>("--csv") { Description = "The HR export to import (columns in README.md); without it, only watch" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Import, then exit without watching events" };
        var cursorFile = new Option<string>("--cursor-file") { Description = "Where the position of the last event handled is kept", DefaultValueFactory = _ => "partner-sync.cursor" };
        var fromCursor = new Option<long?>("--from-cursor") { Description = "Watch after this position (0: from the beginning) instead of the cursor file's; neither: from now" };
        var grpc = new Option<string>("--grpc") { Description = "The gateway's gRPC address", DefaultValueFactory = _ => Env("MENTORING_GRPC", "http://127.0.0.1:8081") };
        var tokens = new Option<string>("--token-server") { Description = "The token server (the gateway's HTTP address)", DefaultValueFactory = _ => Env("MENTORING_HTTP", "http://127.0.0.1:8080") };
        var clientId = new Option<string>("--client-id") { Description = "The partner app's client id", DefaultValueFactory = _ => Env("PARTNER_CLIENT_ID", "partner-demo") };
        var secret = new Option<string>("--client-secret") { Description = "Its secret (default PARTNER_CLIENT_SECRET, else the development one)", DefaultValueFactory = _ => Env("PARTNER_CLIENT_SECRET", "dev-only-partner-secret") };
        var root = new RootCommand("Syncs people from a CSV HR export with ImportPeople, then prints relationship events live.")
        {
            csv, noWatch, cursorFile, fromCursor, grpc, tokens, clientId, secret,
        };
        root.SetAction(async (parsed, token) =>
        {
            var cursor = new CursorFile(parsed.GetValue(cursorFile)!);
            List<HrRow>? rows = null;
            long? resumeAfter;
            Uri grpcAddress, tokenAddress;
            try
            {
                grpcAddress = new Uri(parsed.GetValue(grpc)!);
                tokenAddress = new Uri(parsed.GetValue(tokens)!);
                if (parsed.GetValue(csv) is { } file)
                {
                    using var reader = file.OpenText();
                    rows = HrExport.Read(reader);
                }
                resumeAfter = parsed.GetValue(fromCursor) ?? cursor.Read();
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or CsvHelper.CsvHelperException)
            {
                await output.WriteLineAsync($"partner-sync: {e.Message}");
                return 2;
            }
            using var client = new MentoringClient(new MentoringClientOptions
            {
                GrpcAddress = grpcAddress, TokenAddress = tokenAddress,
                ClientId = parsed.GetValue(clientId)!, ClientSecret = parsed.GetValue(secret)!,
                Scopes = ["profile.write", "matching.read", "events.read"],
            });
            try
            {
                var people = rows is null ? new Dictionary<string, string>() : (await PeopleImport.RunAsync(client.Profile, rows, output, token)).People;
                if (!parsed.GetValue(noWatch)) await RelationshipWatch.RunAsync(client, resumeAfter, cursor, people, output, token);
                return 0;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e) when (e is RpcException or MentoringClientException or HttpRequestException)
            {
                await output.WriteLineAsync($"partner-sync: {(e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message)}");
                return 1;
            }
        });
        return root.Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = output, Error = output, ProcessTerminationTimeout = handleCtrlC ? TimeSpan.FromSeconds(2) : null,
        }, ct);
    }
}
