using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>
/// Two instances of profile behind the real gateway, as <c>./platform up --replicas 2</c> runs them:
/// the gateway spreads gRPC and REST over both, routes around one that stopped once its readiness
/// probe fails, and puts it back when it answers again. Probes every 200 ms (this test's setting;
/// the default is 5 s) keep each window short.
/// </summary>
public sealed class ReplicaBalancingTests() : ServicesUnderTest("profile")
{
    private static readonly Dictionary<string, string?> QuickProbes = new()
    {
        ["Gateway:Balancing:ProbeInterval"] = "00:00:00.200",
        ["Gateway:Balancing:ProbeTimeout"] = "00:00:01",
        ["Gateway:Balancing:ReactivationPeriod"] = "00:00:01",
    };

    /// <summary>How long the gateway may take to notice a stopped or restarted instance.</summary>
    private static readonly TimeSpan ProbeWindow = TimeSpan.FromSeconds(5);

    private const string GrpcRoutes = "/mentoring.profile.v1.ProfileService/";
    private const string RestRoutes = "/profile/";

    [Fact]
    public async Task Requests_reach_both_instances_then_only_the_live_one_and_a_restarted_one_is_put_back()
    {
        var first = Service("profile");
        var second = await Apps.StartAsync("profile", Db);
        var secondPorts = (second.GrpcAddress.Port, second.HttpAddress.Port);
        var secondStopped = false;
        try
        {
            await using var gateway = await Apps.StartGatewayAsync([first, second], waitUntilReady: false, settings: QuickProbes);
            var token = await TestIdentity.PartnerAsync();
            var grpc = new ProfileService.ProfileServiceClient(gateway.CreateChannel(token));
            using var rest = gateway.CreateHttpClient(token);
            var person = (await grpc.RegisterPersonAsync(Register(Person("Replica", PersonRole.Mentee, SeniorityLevel.Junior)))).Name;

            // One gRPC and one REST read through the gateway; true when both succeed.
            async Task<bool> ReadThroughGateway()
            {
                try
                {
                    await grpc.GetPersonAsync(new GetPersonRequest { Name = person });
                    return (await rest.GetAsync($"/profile/v1/{person}")).IsSuccessStatusCode;
                }
                catch (RpcException)
                {
                    return false;
                }
            }

            using var atFirst = new ServedRequests(first);
            using (var atSecond = new ServedRequests(second))
            {
                await Eventually.True("both instances served gRPC and REST through the gateway", async () =>
                    await ReadThroughGateway() && new[] { atFirst, atSecond }.All(s => s.On(GrpcRoutes) > 0 && s.On(RestRoutes) > 0));
            }

            await second.DisposeAsync();
            secondStopped = true;
            // Until the probe fails, a request may still go to the stopped instance and fail (502 / UNAVAILABLE).
            await Eventually.True("the gateway answers ten reads in a row again", async () =>
            {
                for (var i = 0; i < 10; i++)
                    if (!await ReadThroughGateway()) return false;
                return true;
            }, ProbeWindow);
            var (grpcBefore, restBefore) = (atFirst.On(GrpcRoutes), atFirst.On(RestRoutes));
            for (var i = 0; i < 20; i++) Assert.True(await ReadThroughGateway(), $"read {i} after the probe window failed");
            await Eventually.True("the live instance served all of them", () =>
                Task.FromResult(atFirst.On(GrpcRoutes) >= grpcBefore + 20 && atFirst.On(RestRoutes) >= restBefore + 20));

            // The same address again: it is put back once its readiness probe succeeds, and no read fails meanwhile.
            await using var restarted = await Apps.StartAsync("profile", Db, ports: secondPorts);
            using var atRestarted = new ServedRequests(restarted);
            var failed = 0;
            await Eventually.True("the restarted instance serves gRPC and REST again", async () =>
            {
                if (!await ReadThroughGateway()) failed++;
                return atRestarted.On(GrpcRoutes) > 0 && atRestarted.On(RestRoutes) > 0;
            }, ProbeWindow);
            Assert.Equal(0, failed);
        }
        finally
        {
            if (!secondStopped) await second.DisposeAsync();
        }
    }
}
