using System.Text;
using System.Text.RegularExpressions;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using PartnerSync;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Clients;

/// <summary>
/// The sample partner app (samples/PartnerSync), its entry point run in-process against profile and
/// integration behind the real gateway with the partner's own token: it imports the sample HR export
/// (the people exist), prints a relationship event published afterwards, keeps its cursor in a file,
/// and a second run resumes after it.
/// </summary>
public sealed partial class PartnerSyncSampleTests() : ServicesBehindGateway("profile", "integration"), IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("partner-sync-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string CursorPath => Path.Combine(folder, "partner-sync.cursor");

    private async Task<Run> StartAsync(params string[] extra)
    {
        var identity = await TestIdentity.ServerAsync();
        var tenant = await TestIdentity.TenantAsync(TestIdentity.Acme);
        string[] args =
        [
            .. extra, "--cursor-file", CursorPath, "--grpc", Gateway.GrpcAddress.ToString(), "--token-server", identity.ClientAddress.ToString(),
            "--client-id", tenant.PartnerClientId, "--client-secret", tenant.PartnerSecret,
        ];
        return new Run(args);
    }

    private Task<string> RelationshipAsync(string mentor, string mentee, RelationshipState from, RelationshipState to)
    {
        var relationship = $"relationships/{Guid.NewGuid()}";
        return EventBus.PublishAsync(Db, new RelationshipStateChanged
        {
            Relationship = relationship, Programme = $"programmes/{Guid.NewGuid()}", Mentors = { mentor }, Mentees = { mentee },
            PreviousState = from, State = to, Version = 1, Model = MentoringModel.OneToOne,
        }, "matching").ContinueWith(_ => relationship);
    }

    [Fact]
    public async Task It_imports_the_hr_export_prints_a_relationship_event_live_and_a_restart_resumes_after_its_cursor()
    {
        var csv = Path.Combine(Apps.RepositoryRoot(), "samples", "PartnerSync", "hr-export.csv");
        string first;
        Dictionary<string, string> people;
        await using (var run = await StartAsync("--csv", csv, "--from-cursor", "0"))
        {
            await run.UntilAsync("imported 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected");
            people = PersonLine().Matches(run.Output).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["person"].Value);
            Assert.Equal(5, people.Count);
            var profile = Client<ProfileService.ProfileServiceClient>("profile", await TestIdentity.PartnerAsync());
            var amara = await profile.GetPersonAsync(new GetPersonRequest { Name = people["hr-1001"] });
            Assert.Equal(("Amara Okafor", "engineering", SeniorityLevel.Principal), (amara.DisplayName, amara.AreaOfWork, amara.SeniorityLevel));
            Assert.Equal([MeetingFormat.Video, MeetingFormat.InPerson], amara.MeetingFormats);
            Assert.Equal("Lucas Martins", (await profile.GetPersonAsync(new GetPersonRequest { Name = people["hr-1004"] })).DisplayName);

            await run.UntilAsync("watching relationship events after position 0");
            first = await RelationshipAsync(people["hr-1001"], people["hr-1002"], RelationshipState.Unspecified, RelationshipState.Proposed);
            await run.UntilAsync($"RelationshipStateChanged {first} (new) -> PROPOSED; mentors {people["hr-1001"]} (hr-1001); mentees {people["hr-1002"]} (hr-1002)");
            Assert.Equal(0, await run.StopAsync());
        }
        var saved = long.Parse(await File.ReadAllTextAsync(CursorPath));
        Assert.True(saved >= 1);

        // A restart without --from-cursor goes on after the saved position: the first event is not printed again.
        await using (var run = await StartAsync())
        {
            await run.UntilAsync($"watching relationship events after position {saved}");
            var second = await RelationshipAsync(people["hr-1003"], people["hr-1004"], RelationshipState.Unspecified, RelationshipState.Proposed);
            await run.UntilAsync($"RelationshipStateChanged {second}");
            Assert.DoesNotContain(first, run.Output);
            Assert.Equal(0, await run.StopAsync());
        }

        // Importing the same file again changes nothing.
        await using (var again = await StartAsync("--csv", csv, "--no-watch"))
        {
            await again.UntilAsync("imported 5 rows: 0 created, 0 updated, 5 unchanged, 0 rejected");
            Assert.Equal(0, await again.StopAsync());
        }
    }

    [GeneratedRegex(@"(?<id>hr-\d+)\s+CREATED\s+(?<person>people/\S+)")]
    private static partial Regex PersonLine();

    /// <summary>One run of the sample's entry point, its output collected for the test to poll.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly LockedWriter output = new();
        private readonly Task<int> exit;

        public Run(string[] args) => exit = Task.Run(() => PartnerSyncApp.RunAsync(args, output, stop.Token, handleCtrlC: false));

        public string Output => output.ToString();

        public Task UntilAsync(string text) => Eventually.True($"the output shows \"{text}\"; it is:\n{Output}", () =>
            exit.IsCompleted && !Output.Contains(text) ? throw new InvalidOperationException($"exited with {exit.Result}:\n{Output}") : Task.FromResult(Output.Contains(text)));

        public async Task<int> StopAsync()
        {
            await stop.CancelAsync();
            return await exit.WaitAsync(Eventually.DefaultDeadline);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try { await exit; }
            catch (OperationCanceledException) { }
            stop.Dispose();
        }
    }

    private sealed class LockedWriter : TextWriter
    {
        private readonly StringBuilder text = new();
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) { lock (text) text.Append(value); }
        public override void Write(string? value) { lock (text) text.Append(value); }
        public override void Write(char[] buffer, int index, int count) { lock (text) text.Append(buffer, index, count); }
        public override string ToString() { lock (text) return text.ToString(); }
    }
}
