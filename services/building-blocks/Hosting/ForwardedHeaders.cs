using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Mentoring.BuildingBlocks.Hosting;

/// <summary>
/// Which proxies this host believes when they say, in <c>X-Forwarded-For</c>, <c>-Proto</c>,
/// <c>-Host</c> and <c>-Prefix</c>, who the client is and which address it used (the identity
/// service behind the gateway: <c>Identity:ForwardedHeaders</c>; the gateway behind an ingress:
/// <c>Gateway:ForwardedHeaders</c>). A request from any other address keeps its own remote address,
/// scheme, host and path base, whatever headers it carries.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.3.7</c>. Listing any proxy or network replaces the default.</summary>
    public string[]? KnownProxies { get; set; }

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c> (a cluster's pod network).</summary>
    public string[]? KnownNetworks { get; set; }

    /// <summary>
    /// Hosts a trusted proxy may name in <c>X-Forwarded-Host</c>, without port (<c>api.example.org</c>,
    /// <c>*.example.org</c>); empty: any host the proxy forwards.
    /// </summary>
    public string[]? AllowedHosts { get; set; }

    public bool ListsAnyProxy => KnownProxies is { Length: > 0 } || KnownNetworks is { Length: > 0 };

    /// <param name="section">The configuration section, for error messages.</param>
    /// <param name="trustLoopbackByDefault">With no proxy listed: trust loopback (a proxy on the same machine) or nobody.</param>
    public ForwardedHeadersOptions ToOptions(string section, bool trustLoopbackByDefault)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedPrefix,
            ForwardLimit = 1, // the nearest proxy only: it sets (not appends) the headers
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (!ListsAnyProxy && trustLoopbackByDefault)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
        }
        foreach (var proxy in KnownProxies ?? [])
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address : throw new InvalidOperationException($"{section}:KnownProxies: '{proxy}' is not an IP address"));
        foreach (var network in KnownNetworks ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed : throw new InvalidOperationException($"{section}:KnownNetworks: '{network}' is not a CIDR network such as 10.0.0.0/8"));
        foreach (var host in AllowedHosts ?? []) options.AllowedHosts.Add(host);
        return options;
    }
}

public static class ForwardedHeadersExtensions
{
    /// <summary>Applies the forwarded headers of trusted proxies only (see <see cref="ForwardedHeadersSettings"/>).</summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(
        this IApplicationBuilder app, ForwardedHeadersSettings settings, string section, bool trustLoopbackByDefault) =>
        !settings.ListsAnyProxy && !trustLoopbackByDefault
            ? app // nobody to trust
            : app.UseForwardedHeaders(settings.ToOptions(section, trustLoopbackByDefault));
}
