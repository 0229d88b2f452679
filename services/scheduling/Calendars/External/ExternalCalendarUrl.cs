using System.Net;
using System.Net.Sockets;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>
/// Which addresses a published calendar may have, and which network addresses a fetch may reach.
/// Refused: anything but an absolute https URL (http only where
/// <see cref="ExternalCalendarOptions.ExternalCalendarAllowInsecureUrls"/> allows it), credentials
/// in the URL, more than <see cref="MaxLength"/> characters, and hosts on loopback, private,
/// link-local or otherwise non-public networks (so that a link cannot be used to reach the
/// platform's own services). A host name is checked again where it resolves, when connecting
/// (<see cref="IsPublic"/>), which also covers redirects and names that resolve to private addresses.
/// </summary>
public static class ExternalCalendarUrl
{
    public const int MaxLength = 2000;

    /// <summary>What is wrong with <paramref name="url"/> as a calendar's address (a field violation's text), or null.</summary>
    public static string? Problem(string? url, bool allowInsecure)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required";
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (url.Trim().Length != url.Length) return "must not start or end with spaces";
        // On Unix "/path" parses as an absolute file URI: the scheme check below refuses it.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsAbsoluteUri) return "must be an absolute URL";
        return Problem(uri, allowInsecure);
    }

    /// <summary>What is wrong with an absolute URL (a link's, or where a calendar server redirects), or null.</summary>
    public static string? Problem(Uri uri, bool allowInsecure)
    {
        if (uri.Scheme == "webcal") return "must be an https URL (write https:// for webcal://)";
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowInsecure && uri.Scheme == Uri.UriSchemeHttp))
            return allowInsecure ? "must be an http or https URL" : "must be an https URL";
        if (uri.UserInfo.Length > 0) return "must not contain a user name or password";
        if (uri.Host.Length == 0) return "must name a host";
        if (allowInsecure) return null;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IsPublic(ip) ? null : "must not be a loopback or private network address";
        var host = uri.DnsSafeHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) || host.EndsWith(".local", StringComparison.Ordinal)
            || host.EndsWith(".internal", StringComparison.Ordinal) || !host.Contains('.'))
            return "must name a public host, not a loopback or private network one";
        return null;
    }

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, multicast, reserved …).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127                  // "this" network, private, loopback
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)                // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                              // link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)                 // private
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)              // IETF protocol assignments, documentation
                || (b[0] == 192 && b[1] == 168)                              // private
                || (b[0] == 198 && b[1] is 18 or 19)                         // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113) // documentation
                || b[0] >= 224);                                             // multicast, reserved, broadcast
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo)
            return false;
        var v6 = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address: judge that one.
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4..12].All(x => x == 0))
            return IsPublic(new IPAddress(v6[12..16]));
        if (v6[0] == 0x20 && v6[1] == 0x02) return IsPublic(new IPAddress(v6[2..6]));
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) return false; // documentation
        return (v6[0] & 0xE0) == 0x20; // global unicast 2000::/3
    }
}
