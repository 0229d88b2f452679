using System.Diagnostics;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL restarts under light load — token requests to identity and registrations in profile
/// — and no caller ever sees the failure: every call answers as if nothing happened (the pools'
/// dead connections are retried on fresh ones), and every registration acknowledged is stored once.
/// The service's readiness goes red while the server is down and green again by itself; callers
/// who then retry with their idempotency keys get their first answers and register nobody new.
/// The server is a cluster of this test's own, so restarting it disturbs no other test; where the
/// PostgreSQL server binaries are missing (an external test server), every session of the test
/// database is terminated instead, which is what clients see of a restart (57P01 on each pooled
/// connection).
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Identity_and_services_answer_through_a_database_restart_and_lose_nothing()
    {
        await using var cluster = ThrowAwayCluster.FindBinaries() is null ? null : await ThrowAwayCluster.StartAsync();
        var db = cluster is null ? await TestDatabase.CreateAsync() : await TestDatabase.CreateOnAsync(cluster.AdminConnectionString);
        await using var identity = await IdentityServer.StartAsync(db, ["acme"]);
        var tenant = identity.Tenant("acme");
        await using var profile = await Apps.StartAsync("profile", db, new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = identity.Issuer,
        });

        var failures = new List<string>();
        var acknowledged = new List<string>();
        var requests = new List<(RegisterPersonRequest Request, string Name)>();
        using var stop = new CancellationTokenSource();
        var lastSuccess = Stopwatch.StartNew();
        long worstGapMs = 0;

        async Task LoadAsync()
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var token = await identity.ClientCredentialsTokenAsync(tenant.PartnerClientId, tenant.PartnerSecret, "profile.read", "profile.write");
                    using var channel = profile.CreateChannel(token);
                    var client = new ProfileService.ProfileServiceClient(channel);
                    var request = Samples.Register(Samples.Person($"Restart {i}", PersonRole.Mentee, SeniorityLevel.Junior), requestId: $"restart-{i}");
                    var person = await client.RegisterPersonAsync(request);
                    await client.GetPersonAsync(new GetPersonRequest { Name = person.Name });
                    lock (acknowledged)
                    {
                        acknowledged.Add(person.Name);
                        requests.Add((request, person.Name));
                    }
                    worstGapMs = Math.Max(worstGapMs, lastSuccess.ElapsedMilliseconds);
                    lastSuccess.Restart();
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException or HttpRequestException)
                {
                    lock (failures) failures.Add($"call {i}: {e.GetType().Name}: {e.Message}");
                }
                await Task.Delay(20);
            }
        }

        var load = Task.Run(LoadAsync);
        await Eventually.True("the load runs", () => Task.FromResult(acknowledged.Count >= 5));
        var before = acknowledged.Count;
        var restart = Stopwatch.StartNew();
        long red = -1, green;
        using var health = profile.CreateHttpClient();
        if (cluster is not null)
        {
            await cluster.StopAsync();
            await Eventually.True("readiness goes red while the server is down", async () => !await ReadyAsync(health));
            red = restart.ElapsedMilliseconds;
            await cluster.StartAgainAsync();
        }
        else await TerminateSessionsAsync(db);
        var restarted = restart.ElapsedMilliseconds;
        await Eventually.True("readiness is green again, without restarting the service", () => ReadyAsync(health));
        green = restart.ElapsedMilliseconds;
        await Eventually.True("calls succeed again", () => Task.FromResult(acknowledged.Count >= before + 10));
        var recovered = restart.ElapsedMilliseconds;
        stop.Cancel();
        await load;

        output.WriteLine($"{(cluster is null ? "sessions terminated" : "server stopped and started")} in {restarted} ms; " +
            $"readiness red at {red} ms, green at {green} ms; " +
            $"10 calls through {recovered} ms after it began; longest gap between successes {worstGapMs} ms; " +
            $"{acknowledged.Count} registrations acknowledged");
        Assert.True(failures.Count == 0, "callers saw the restart:\n" + string.Join("\n", failures.Take(20)));

        await using var admin = db.AdminDataSource();
        var stored = await Dapper.SqlMapper.ExecuteScalarAsync<long>(await admin.OpenConnectionAsync(),
            "SELECT count(*) FROM profile.person WHERE display_name LIKE 'Restart %'");
        Assert.Equal(acknowledged.Count, stored);

        // Every caller retrying with its idempotency key after the restart gets its first answer, and nobody new is registered.
        var token = await identity.ClientCredentialsTokenAsync(tenant.PartnerClientId, tenant.PartnerSecret, "profile.read", "profile.write");
        using var retryChannel = profile.CreateChannel(token);
        var retrying = new ProfileService.ProfileServiceClient(retryChannel);
        foreach (var (request, name) in requests) Assert.Equal(name, (await retrying.RegisterPersonAsync(request)).Name);
        Assert.Equal(stored, await Dapper.SqlMapper.ExecuteScalarAsync<long>(await admin.OpenConnectionAsync(),
            "SELECT count(*) FROM profile.person WHERE display_name LIKE 'Restart %'"));
    }

    private static async Task<bool> ReadyAsync(HttpClient health)
    {
        try { return (await health.GetAsync("/healthz/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    private static async Task TerminateSessionsAsync(TestDatabase db)
    {
        await using var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.AdminConnectionString) { Pooling = false }.ConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(await admin.OpenConnectionAsync(),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
}
