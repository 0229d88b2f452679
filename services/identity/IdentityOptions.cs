using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Identity.Seeding;

namespace Mentoring.Identity;

/// <summary>Configuration section <c>Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// The issuer (<c>iss</c> of every token, <c>issuer</c> of the discovery document): the public
    /// address clients use, i.e. the gateway's (<c>http://127.0.0.1:8080/</c> in the development run),
    /// which proxies <c>/connect/*</c>, <c>/.well-known/*</c> and <c>/account/*</c>. Empty:
    /// <c>http://127.0.0.1:{Service:HttpPort}/</c>. The endpoints the discovery document lists are built
    /// from the address each request came to (the gateway's, through <see cref="ForwardedHeaders"/>), so
    /// resource servers may fetch it, and the keys, from this service directly.
    /// </summary>
    public string Issuer { get; set; } = "";

    /// <summary>
    /// The proxies (the gateway) whose <c>X-Forwarded-Host</c>, <c>-Proto</c>, <c>-For</c> and
    /// <c>-Prefix</c> this server believes, so that the login redirect, the login form and the
    /// discovery document name the address the browser used. Default: loopback (the gateway on the
    /// same machine); in a cluster the gateway's pod network (<c>KnownNetworks</c>).
    /// </summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public const string ForwardedHeadersSection = Section + ":ForwardedHeaders";

    /// <summary>Refuse plain HTTP requests (default). Only a development run on loopback sets this to false.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>The audience (<c>aud</c>) of every access token: the platform's API.</summary>
    public string Audience { get; set; } = "mentoring-api";

    /// <summary>
    /// PEM file of the RSA signing key (PKCS#8). Created with mode 0600 when missing and reused
    /// afterwards, so tokens stay valid across restarts. Empty: an ephemeral key per process (tests).
    /// </summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>
    /// PEM file of the RSA key that encrypts authorization codes and refresh tokens (which only
    /// this server reads). Empty: next to the signing key (<c>&lt;SigningKeyPath&gt;.encryption</c>),
    /// or ephemeral when that is empty too.
    /// </summary>
    public string EncryptionKeyPath { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Clients and users created or updated at start-up (idempotent).</summary>
    public SeedOptions Seed { get; set; } = new();

    public string ResolveIssuer(int httpPort)
    {
        var issuer = string.IsNullOrWhiteSpace(Issuer) ? $"http://127.0.0.1:{httpPort}/" : Issuer.Trim();
        return issuer.EndsWith('/') ? issuer : issuer + "/";
    }

    public string? ResolveEncryptionKeyPath() =>
        !string.IsNullOrWhiteSpace(EncryptionKeyPath) ? EncryptionKeyPath
        : !string.IsNullOrWhiteSpace(SigningKeyPath) ? SigningKeyPath + ".encryption"
        : null;
}
