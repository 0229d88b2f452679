using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Mentoring.BuildingBlocks.Tenancy;

/// <summary>
/// The organisation (tenant) a call acts for.
/// Until token-based identity lands (issue 3), the tenant comes from the <c>x-tenant-id</c>
/// header, else the configured development tenant. This is the single place that will read it
/// from the caller's token instead.
/// </summary>
public sealed partial class TenantContext(IHttpContextAccessor http, IConfiguration configuration)
{
    public const string Header = "x-tenant-id";

    private string? tenantId;

    public string TenantId => tenantId ??= Resolve();

    private string Resolve()
    {
        var fromHeader = http.HttpContext?.Request.Headers[Header].ToString();
        var tenant = string.IsNullOrEmpty(fromHeader) ? configuration["Tenancy:DevelopmentTenant"] ?? "" : fromHeader;
        if (!IsValid(tenant))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "No valid organisation (tenant) for this call."));
        return tenant;
    }

    public static bool IsValid(string tenant) => TenantPattern().IsMatch(tenant);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TenantPattern();
}
