using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Mentoring.Identity.Connect;

/// <summary>
/// Rejects a request for a scope the client is not permitted with <c>invalid_scope</c>, as RFC
/// 6749 (5.2 and 4.1.2.1) specifies; OpenIddict's own check, which runs right after these, answers
/// <c>invalid_request</c>. <c>openid</c> needs no permission and <c>offline_access</c> is checked
/// by OpenIddict against the refresh-token grant.
/// </summary>
public static class ScopePermissionHandlers
{
    public static readonly OpenIddictServerHandlerDescriptor Token =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<TokenRequest>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static readonly OpenIddictServerHandlerDescriptor Authorization =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<AuthorizationRequest>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public sealed class TokenRequest(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (await FirstUnpermittedAsync(applications, context.ClientId, context.Request.GetScopes(), context.CancellationToken) is { } scope)
                context.Reject(Errors.InvalidScope, $"The client is not allowed the scope '{scope}'.");
        }
    }

    public sealed class AuthorizationRequest(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (await FirstUnpermittedAsync(applications, context.ClientId, context.Request.GetScopes(), context.CancellationToken) is { } scope)
                context.Reject(Errors.InvalidScope, $"The client is not allowed the scope '{scope}'.");
        }
    }

    private static async Task<string?> FirstUnpermittedAsync(
        IOpenIddictApplicationManager applications, string? clientId, IEnumerable<string> scopes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, ct) is not { } application)
            return null; // OpenIddict rejects unknown clients itself
        foreach (var scope in scopes)
        {
            if (scope is Scopes.OpenId or Scopes.OfflineAccess) continue;
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, ct))
                return scope;
        }
        return null;
    }
}
