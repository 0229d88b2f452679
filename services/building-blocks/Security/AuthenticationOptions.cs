namespace Mentoring.BuildingBlocks.Security;

/// <summary>
/// Configuration section <c>Authentication</c>: the OpenID Connect provider whose access tokens
/// this service accepts. The embedded default points at the platform's token server; a cluster
/// points at its own identity provider — configuration only, no code change.
/// </summary>
public sealed class PlatformAuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>Issuer URL; its discovery document gives the signing keys.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience access tokens must be issued for.</summary>
    public string Audience { get; set; } = "mentoring-api";

    /// <summary>False only for a plain-HTTP issuer on one machine or in tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
