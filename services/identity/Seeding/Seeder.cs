using System.Text.Json;
using Mentoring.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Seeding;

/// <summary>
/// Makes the configured clients and users exist, idempotently: missing ones are created, existing
/// ones are brought in line with the configuration (the configuration is authoritative for them).
/// </summary>
public sealed class Seeder(
    IOpenIddictApplicationManager applications, IdentityDbContext db, IPasswordHasher<UserAccount> hasher, ILogger<Seeder> logger)
{
    public async Task SeedAsync(SeedOptions seed, CancellationToken ct)
    {
        foreach (var client in seed.Clients) await SeedClientAsync(client, ct);
        foreach (var user in seed.Users) await SeedUserAsync(user, ct);
    }

    private async Task SeedClientAsync(SeedClient client, CancellationToken ct)
    {
        var descriptor = Describe(client);
        var existing = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct);
            logger.LogInformation("Seeded client {ClientId} (tenant {Tenant})", client.ClientId, client.Tenant);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
    }

    public static OpenIddictApplicationDescriptor Describe(SeedClient client)
    {
        if (string.IsNullOrWhiteSpace(client.ClientId)) throw new InvalidOperationException("Identity:Seed:Clients: a client has no ClientId");
        if (string.IsNullOrWhiteSpace(client.Tenant)) throw new InvalidOperationException($"Identity:Seed:Clients: client {client.ClientId} has no Tenant");

        var confidential = !string.IsNullOrEmpty(client.ClientSecret);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = confidential ? client.ClientSecret : null,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ApplicationType = confidential ? ApplicationTypes.Web : ApplicationTypes.Native,
            ConsentType = ConsentTypes.Implicit,  // first-party clients: no consent screen
            DisplayName = client.DisplayName ?? client.ClientId,
        };
        descriptor.Properties[ClientTenant.Property] = JsonSerializer.SerializeToElement(client.Tenant);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);

        foreach (var grant in client.GrantTypes)
        {
            switch (grant)
            {
                case GrantTypes.ClientCredentials:
                    if (!confidential) throw new InvalidOperationException($"client {client.ClientId}: client_credentials needs a secret");
                    descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
                    break;
                case GrantTypes.AuthorizationCode:
                    descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
                    descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
                    descriptor.Permissions.Add(Permissions.GrantTypes.AuthorizationCode);
                    descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
                    descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
                    break;
                case GrantTypes.RefreshToken:
                    descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
                    break;
                default:
                    throw new InvalidOperationException($"client {client.ClientId}: unsupported grant type '{grant}'");
            }
        }
        foreach (var scope in client.Scopes)
        {
            if (scope == Scopes.OpenId) continue; // needs no permission
            if (scope == Scopes.OfflineAccess)
            {
                descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
                continue;
            }
            if (!IdentityScopes.Api.Contains(scope))
                throw new InvalidOperationException($"client {client.ClientId}: unknown scope '{scope}'");
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        foreach (var uri in client.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        return descriptor;
    }

    private async Task SeedUserAsync(SeedUser seed, CancellationToken ct)
    {
        var email = UserAccount.NormalizeEmail(seed.Email);
        if (email.Length == 0 || string.IsNullOrEmpty(seed.Password) || string.IsNullOrWhiteSpace(seed.Tenant))
            throw new InvalidOperationException($"Identity:Seed:Users: user '{seed.Email}' needs Email, Password and Tenant");

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            user = new UserAccount { Id = Guid.NewGuid(), Email = email, CreatedAt = DateTimeOffset.UtcNow };
            db.Users.Add(user);
            logger.LogInformation("Seeded user {Email} (tenant {Tenant})", email, seed.Tenant);
        }
        user.Tenant = seed.Tenant;
        user.Roles = [.. seed.Roles.Distinct()];
        user.Person = string.IsNullOrWhiteSpace(seed.Person) ? null : seed.Person;
        if (user.PasswordHash.Length == 0 || hasher.VerifyHashedPassword(user, user.PasswordHash, seed.Password) == PasswordVerificationResult.Failed)
            user.PasswordHash = hasher.HashPassword(user, seed.Password);
        await db.SaveChangesAsync(ct);
    }
}
