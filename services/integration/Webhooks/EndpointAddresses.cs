using System.Net;
using System.Net.Sockets;

namespace Mentoring.Integration.Webhooks;

/// <summary>
/// Which addresses a webhook may reach (docs/integration.md, "Webhooks"): public unicast only. A
/// registered URL could otherwise reach the cluster's services, the node or a cloud metadata
/// endpoint (server-side request forgery). Checked on the URL at registration and on every
/// address its name resolves to at delivery (<see cref="GuardedConnector"/>).
/// </summary>
public static class EndpointAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] RefusedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),       // private (RFC 1918)
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT (RFC 6598)
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] RefusedV6 =
    [
        (IPAddress.IPv6None, 128),              // :: unspecified
        (IPAddress.IPv6Loopback, 128),          // ::1
        (IPAddress.Parse("100::"), 64),         // discard
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    /// <summary>Prefixes that carry an IPv4 address in their last 32 bits: that address decides.</summary>
    private static readonly (IPAddress Network, int Prefix)[] EmbeddingV4 =
    [
        (IPAddress.Parse("::"), 96),            // IPv4-compatible (deprecated)
        (IPAddress.Parse("64:ff9b::"), 96),     // NAT64
        (IPAddress.Parse("64:ff9b:1::"), 48),   // local NAT64
    ];

    /// <summary>True when a webhook may connect to <paramref name="address"/>: a public unicast address.</summary>
    public static bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return !RefusedV4.Any(r => InNetwork(address, r.Network, r.Prefix));
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (RefusedV6.Any(r => InNetwork(address, r.Network, r.Prefix))) return false;
        if (EmbeddingV4.FirstOrDefault(r => InNetwork(address, r.Network, r.Prefix)) is { Network: not null })
            return IsAllowed(new IPAddress(address.GetAddressBytes()[12..]));
        if (InNetwork(address, IPAddress.Parse("2002::"), 16)) // 6to4: the IPv4 address is in bits 16-47
            return IsAllowed(new IPAddress(address.GetAddressBytes()[2..6]));
        return true;
    }

    /// <summary>
    /// Why the host of <paramref name="uri"/> may not receive webhooks, or null: an IP literal that is
    /// not public, or a name that always means this machine (<c>localhost</c>, <c>*.localhost</c>).
    /// Other names are checked when a delivery resolves them.
    /// </summary>
    public static string? HostProblem(Uri uri)
    {
        var host = uri.DnsSafeHost.TrimEnd('.');
        if (IPAddress.TryParse(host, out var address))
            return IsAllowed(address) ? null : "must not be a loopback, private, link-local or other non-public address";
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "must not name this machine (localhost)";
        return null;
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily) return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        for (var i = 0; i < whole; i++)
            if (a[i] != n[i]) return false;
        var rest = prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
