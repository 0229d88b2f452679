using System.Net;
using Mentoring.Integration.Webhooks;

namespace Mentoring.UnitTests.Integration;

/// <summary>The webhook client connects only to public addresses of the name it resolves (docs/integration.md, "Webhooks").</summary>
public class GuardedConnectorTests
{
    private static GuardedConnector Resolving(params string[] addresses) =>
        new((_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray()));

    [Fact]
    public async Task A_name_resolving_only_to_private_addresses_is_refused() =>
        await Assert.ThrowsAsync<EndpointRefusedException>(() =>
            Resolving("127.0.0.1", "::1", "10.0.0.7").AllowedAddressesAsync("rebound.example", default));

    [Fact]
    public async Task Only_the_public_addresses_of_a_mixed_answer_are_connected_to() =>
        Assert.Equal([IPAddress.Parse("8.8.4.4")],
            await Resolving("169.254.169.254", "8.8.4.4", "::ffff:192.168.0.1").AllowedAddressesAsync("mixed.example", default));

    [Fact]
    public async Task An_ip_literal_is_checked_without_resolving()
    {
        var connector = new GuardedConnector((_, _) => throw new InvalidOperationException("resolved"));
        await Assert.ThrowsAsync<EndpointRefusedException>(() => connector.AllowedAddressesAsync("127.0.0.1", default));
        Assert.Equal([IPAddress.Parse("8.8.8.8")], await connector.AllowedAddressesAsync("8.8.8.8", default));
    }

    [Fact]
    public async Task A_name_that_resolves_to_nothing_is_refused() =>
        await Assert.ThrowsAsync<EndpointRefusedException>(() => Resolving().AllowedAddressesAsync("empty.example", default));
}
