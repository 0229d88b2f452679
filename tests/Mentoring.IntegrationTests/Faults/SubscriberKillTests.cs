using System.Diagnostics;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// A subscriber killed with SIGKILL in the middle of 10,000 events and started again: the matching
/// service runs as an OS process of its own (<c>dotnet Mentoring.Matching.dll</c>, from the test's
/// output folder), projecting PersonRegistered into <c>candidate</c>. After the restart every event
/// is projected exactly once: one candidate and one inbox row per event on the log, no failure.
/// </summary>
public sealed class SubscriberKillTests(ITestOutputHelper output)
{
    private const int Events = 10_000;
    private readonly List<string> folders = [];

    [Fact]
    public async Task A_subscriber_killed_mid_stream_and_restarted_projects_every_event_exactly_once()
    {
        var db = await Databases.FreshAsync();
        var publishing = PublishAsync(db);
        var processes = new List<Process> { StartMatching(db, await SettingsAsync(db)) };
        try
        {
            await Eventually.True("the subscriber is under way", async () => await CountAsync(db, "SELECT count(*) FROM matching.candidate") >= 1500,
                TimeSpan.FromSeconds(90));
            processes[0].Kill(); // SIGKILL on Unix: no shutdown, nothing rolled back by the process itself
            await processes[0].WaitForExitAsync();
            var atKill = await CountAsync(db, "SELECT count(*) FROM matching.candidate");
            output.WriteLine($"killed after {atKill} of {Events} events projected");

            processes.Add(StartMatching(db, await SettingsAsync(db)));
            await publishing;
            await Eventually.True("every event is projected after the restart",
                async () => await CountAsync(db, "SELECT count(*) FROM matching.candidate") >= Events, TimeSpan.FromSeconds(180));

            Assert.Equal(Events, await CountAsync(db, "SELECT count(*) FROM eventbus.log"));
            Assert.Equal(Events, await CountAsync(db, "SELECT count(*) FROM matching.candidate"));
            Assert.Equal(0, await CountAsync(db,
                "SELECT count(*) FROM eventbus.log l WHERE NOT EXISTS (SELECT 1 FROM matching.candidate c WHERE 'people/' || c.person_id = l.envelope->'data'->'person'->>'name')"));
            Assert.Equal(Events, await CountAsync(db, "SELECT count(*) FROM matching.inbox WHERE subscriber = 'candidates'"));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM matching.event_failure"));
            Assert.Equal(await CountAsync(db, "SELECT max(position) FROM eventbus.log"),
                await CountAsync(db, "SELECT position FROM matching.event_cursor WHERE subscriber = 'candidates'"));
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
            }
            foreach (var folder in folders) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The 10,000 events, in transactions of 100, while the subscriber runs (and while it is down).</summary>
    private static async Task PublishAsync(TestDatabase db)
    {
        await Task.Yield();
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        for (var from = 0; from < Events; from += 100)
        {
            var envelopes = Enumerable.Range(from, 100).Select(i => CloudEvent.Create(new PersonRegistered
            {
                Person = new Person
                {
                    Name = $"people/{Guid.NewGuid()}", DisplayName = $"Killed {i:D5}", AreaOfWork = "engineering",
                    SeniorityLevel = SeniorityLevel.Senior, Roles = { PersonRole.Mentor },
                },
            }, "profile", TestIdentity.Acme, TimeProvider.System)).ToList();
            await c.ExecuteAsync(
                """
                INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
                SELECT id, 'profile.person-registered', @Type, @Tenant, envelope::jsonb
                FROM unnest(@Ids, @Envelopes) WITH ORDINALITY AS e (id, envelope, ord)
                ORDER BY ord
                """,
                new
                {
                    envelopes[0].Type, Tenant = TestIdentity.Acme,
                    Ids = envelopes.Select(e => e.EventId).ToArray(), Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
                });
        }
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long?>(sql) ?? 0;
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync(TestDatabase db)
    {
        var settings = new Dictionary<string, string?>(RunningService.TestDefaults);
        foreach (var (k, v) in await TestIdentity.ResourceServerSettingsAsync()) settings[k] = v;
        settings["ConnectionStrings:Service"] = db.ServiceConnectionString("matching");
        settings["Service:GrpcPort"] = FreePort.Next().ToString();
        settings["Service:HttpPort"] = FreePort.Next().ToString();
        settings["Logging:LogLevel:Default"] = "Error";
        return settings;
    }

    /// <summary>
    /// <c>dotnet Mentoring.Matching.dll</c> with the settings as environment variables, in an empty
    /// working folder (its content root), so no other service's appsettings.json applies.
    /// </summary>
    private Process StartMatching(TestDatabase db, Dictionary<string, string?> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Mentoring.Matching.dll");
        var folder = Directory.CreateTempSubdirectory("mentoring-killed-").FullName;
        folders.Add(folder);
        var start = new ProcessStartInfo("dotnet", [dll, "--contentRoot", folder, "--environment", "Development"])
        {
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Log(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Log(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output.WriteLine($"matching started as process {process.Id} on database {db.Name}");
        return process;
    }

    private void Log(string line)
    {
        try { output.WriteLine(line); }
        catch (InvalidOperationException) { } // after the test ended
    }
}
