namespace Mentoring.Identity.Seeding;

/// <summary>Configuration section <c>Identity:Seed</c>: clients and users that exist after start-up.</summary>
public sealed class SeedOptions
{
    public List<SeedClient> Clients { get; set; } = [];

    public List<SeedUser> Users { get; set; } = [];
}

/// <summary>An OAuth client. With a secret it is confidential, without one public (PKCE required).</summary>
public sealed class SeedClient
{
    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The organisation the client belongs to; the <c>tenant</c> of its tokens and of the users it may sign in.</summary>
    public string Tenant { get; set; } = "";

    /// <summary><c>client_credentials</c>, <c>authorization_code</c>, <c>refresh_token</c>.</summary>
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>Scopes the client may request (including <c>openid</c> and <c>offline_access</c> for users).</summary>
    public List<string> Scopes { get; set; } = [];

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];
}

/// <summary>A user of the embedded default.</summary>
public sealed class SeedUser
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    public string Tenant { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    /// <summary>Resource name of the linked person (<c>people/&lt;uuid&gt;</c>), if any.</summary>
    public string? Person { get; set; }
}
