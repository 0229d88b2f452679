using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Xunit.Abstractions;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// SIGTERM, as an orchestrator sends it before it replaces a pod: profile, an OS process of its own
/// (<see cref="ServiceProcess"/>), stops taking new connections at once, finishes the import stream
/// that was open when the signal came (every row sent after it is still acknowledged and stored),
/// and exits by itself, cleanly, within its grace period (<c>Service:ShutdownTimeout</c>).
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task On_SIGTERM_a_service_refuses_new_calls_finishes_the_one_in_flight_and_exits_within_its_grace_period()
    {
        var db = await Databases.FreshAsync();
        await using var profile = await ServiceProcess.StartAsync("profile", db, output, new Dictionary<string, string?>
        {
            ["Service:ShutdownTimeout"] = GracePeriod.ToString(),
        });
        var partner = await TestIdentity.PartnerAsync();
        using var channel = profile.CreateChannel(partner);
        var client = new ProfileService.ProfileServiceClient(channel);

        using var call = client.ImportPeople();
        var reading = Task.Run(async () => await call.ResponseStream.ReadAllAsync().ToListAsync());
        for (var i = 0; i < 100; i++) await call.RequestStream.WriteAsync(Row(i));

        var signalled = Stopwatch.StartNew();
        profile.Terminate();
        using (var http = profile.CreateHttpClient())
        {
            await Eventually.True("the stopping service takes no new connections", async () =>
            {
                try { await http.GetAsync("/healthz/live"); return false; }
                catch (HttpRequestException) { return true; }
            }, GracePeriod);
        }
        using (var fresh = profile.CreateChannel(partner))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                new ProfileService.ProfileServiceClient(fresh).GetPersonAsync(new GetPersonRequest { Name = $"people/{Guid.NewGuid()}" }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        }

        for (var i = 100; i < 200; i++) await call.RequestStream.WriteAsync(Row(i)); // the open call goes on
        await call.RequestStream.CompleteAsync();
        var acknowledged = await reading;

        Assert.Equal(200, acknowledged.Count);
        Assert.All(acknowledged, r => Assert.Equal(ImportOutcome.Created, r.Outcome));
        Assert.True(await profile.ExitsWithinAsync(GracePeriod + TimeSpan.FromSeconds(5) - signalled.Elapsed),
            $"profile still runs {signalled.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        output.WriteLine($"exited {signalled.Elapsed.TotalSeconds:0.0} s after SIGTERM with code {profile.ExitCode}");
        Assert.Equal(0, profile.ExitCode);
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(200, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.person"));
        Assert.Equal(200, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.outbox"));
    }

    private static ImportPeopleRequest Row(int i)
    {
        var person = Person($"Stopping {i:D3}", PersonRole.Mentee, SeniorityLevel.Junior);
        return new ImportPeopleRequest { ExternalId = $"stop-{i}", Person = person };
    }
}
