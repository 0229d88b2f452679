using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Mentoring.BuildingBlocks.Security;

/// <summary>Bearer-token authentication (OAuth 2.0 / OIDC access tokens, JWT) and the policy table.</summary>
public static class SecurityRegistration
{
    public const string AdministratorsOnly = "administrators";

    /// <summary>For plain HTTP endpoints outside the gRPC API: an administrator whose token holds <paramref name="scope"/>.</summary>
    public static Action<Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder> AdministratorsWithScope(string scope) => p => p
        .RequireAuthenticatedUser()
        .RequireClaim(Caller.RoleClaim, Caller.AdministratorRole)
        .RequireAssertion(c => Caller.From(c.User)?.Scopes.Contains(scope) == true);

    public static WebApplicationBuilder AddPlatformSecurity(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PlatformAuthenticationOptions.Section).Get<PlatformAuthenticationOptions>()
            ?? new PlatformAuthenticationOptions();
        if (string.IsNullOrWhiteSpace(options.Authority))
            throw new InvalidOperationException("Authentication:Authority is not configured: every call must be authenticated.");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.MapInboundClaims = false; // keep the token's claim names: sub, scope, role, tenant
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = "sub",
                    RoleClaimType = Caller.RoleClaim,
                    ValidAudience = options.Audience,
                    ValidTypes = ["at+jwt", "JWT"],
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorsOnly, p => p.RequireAuthenticatedUser().RequireClaim(Caller.RoleClaim, Caller.AdministratorRole));
        return builder;
    }
}
