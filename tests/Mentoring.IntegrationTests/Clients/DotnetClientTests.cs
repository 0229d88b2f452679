using Mentoring.Client;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Clients;

/// <summary>
/// The .NET client (clients/dotnet) as a partner app uses it: through the real gateway, with its own
/// client-credentials token from the real token server — one token for many calls — and calls that
/// outlast a gateway that is not up yet.
/// </summary>
public sealed class DotnetClientTests() : ServicesUnderTest("profile", "matching")
{
    private async Task<MentoringClient> ClientAsync(Uri grpc)
    {
        var identity = await TestIdentity.ServerAsync();
        var tenant = await TestIdentity.TenantAsync(TestIdentity.Acme);
        return new MentoringClient(new MentoringClientOptions
        {
            GrpcAddress = grpc, TokenAddress = identity.ClientAddress,
            ClientId = tenant.PartnerClientId, ClientSecret = tenant.PartnerSecret, Scopes = ["profile.read", "profile.write", "matching.read"],
        });
    }

    [Fact]
    public async Task Typed_clients_reach_every_service_through_the_gateway_with_one_cached_token()
    {
        await using var gateway = await Apps.StartGatewayAsync([Service("profile"), Service("matching")], waitUntilReady: false);
        using var client = await ClientAsync(gateway.GrpcAddress);

        var created = await client.Profile.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));
        for (var i = 0; i < 5; i++)
            Assert.Equal(created.Name, (await client.Profile.GetPersonAsync(new GetPersonRequest { Name = created.Name })).Name);
        var programmes = await client.Matching.ListProgrammesAsync(new ListProgrammesRequest());
        Assert.NotNull(programmes);
        Assert.Equal(1, client.Tokens.Requested);
    }

    [Fact]
    public async Task A_call_made_while_the_gateway_is_down_is_retried_until_it_is_back()
    {
        var (grpcPort, httpPort) = (FreePort.Next(), FreePort.Next());
        using var client = await ClientAsync(new Uri($"http://127.0.0.1:{grpcPort}"));
        await client.Tokens.GetAsync();

        var call = client.Matching.ListProgrammesAsync(new ListProgrammesRequest()).ResponseAsync;
        await Task.Delay(300); // the first attempts fail: nothing listens yet
        Assert.False(call.IsCompleted);
        await using var gateway = await Apps.StartGatewayAsync([Service("profile"), Service("matching")], ports: (grpcPort, httpPort), waitUntilReady: false);
        Assert.NotNull(await call.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
