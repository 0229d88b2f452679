namespace Mentoring.Identity.Data;

/// <summary>A person who signs in to the embedded token server (table <c>identity.users</c>).</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    /// <summary>The organisation the user belongs to; becomes the <c>tenant</c> claim.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>Login name, stored lower-case; unique across the server.</summary>
    public string Email { get; set; } = "";

    /// <summary>ASP.NET Core Identity password hash (PBKDF2, versioned format).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Roles, e.g. <c>administrator</c> or <c>person</c>; each becomes a <c>role</c> claim.</summary>
    public string[] Roles { get; set; } = [];

    /// <summary>The linked person's resource name (<c>people/&lt;uuid&gt;</c>), if any; becomes the <c>person</c> claim.</summary>
    public string? Person { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
