using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Mentoring.BuildingBlocks.Security;

namespace Mentoring.BuildingBlocks.Tenancy;

/// <summary>
/// The organisation (tenant) a call acts for: the <c>tenant</c> claim of the caller's validated
/// access token, never a field or header the caller could forge.
/// </summary>
public sealed partial class TenantContext(IHttpContextAccessor http)
{
    private string? tenantId;

    public string TenantId => tenantId ??= Resolve();

    private string Resolve()
    {
        var user = http.HttpContext?.User;
        var tenant = user?.Identity?.IsAuthenticated == true ? user.FindFirst(Caller.TenantClaim)?.Value : null;
        if (tenant is null || !IsValid(tenant))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The access token names no valid organisation (tenant)."));
        return tenant;
    }

    public static bool IsValid(string tenant) => TenantPattern().IsMatch(tenant);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TenantPattern();
}
