using System.Text.Json;
using OpenIddict.Abstractions;

namespace Mentoring.Identity.Seeding;

/// <summary>A client's organisation, kept in the OpenIddict application's <c>Properties</c> under <c>tenant</c>.</summary>
public static class ClientTenant
{
    public const string Property = "tenant";

    public static async Task<string?> GetAsync(IOpenIddictApplicationManager applications, object application, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() is { Length: > 0 } tenant ? tenant : null
            : null;
    }
}
