using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// How callers authenticate, applied to every operation: OAuth 2.0 with the platform's token server
/// (proxied by the gateway at <c>/connect/*</c>) by client credentials (partner apps) or
/// authorization code with PKCE (the admin SPA), or any bearer JWT from it. The scopes are one
/// read/write pair per API area (<c>profile.read</c>, <c>profile.write</c>, …), named after each
/// service's package <c>mentoring.{area}.v1</c>.
/// </summary>
public static class OpenApiSecurity
{
    public const string OAuth2 = "oauth2";
    public const string Bearer = "bearer";
    public const string TokenUrl = "/connect/token";
    public const string AuthorizationUrl = "/connect/authorize";

    public static JsonObject Schemes(IEnumerable<ServiceDescriptor> services)
    {
        var areas = services.Select(s => s.File.Package.Split('.')[1]).Distinct().Order(StringComparer.Ordinal).ToArray();
        JsonObject Scopes()
        {
            var scopes = new JsonObject();
            foreach (var area in areas)
            {
                scopes[$"{area}.read"] = $"Read {area}.";
                scopes[$"{area}.write"] = $"Change {area}.";
            }
            return scopes;
        }

        return new JsonObject
        {
            [OAuth2] = new JsonObject
            {
                ["type"] = "oauth2",
                ["description"] = "The platform's token server, through the gateway. Partner apps: client credentials. " +
                    "The admin SPA and people: authorization code with PKCE (S256; public client `admin-spa`). " +
                    "Which scope and which callers each RPC accepts is in the service's policy table " +
                    "(`services/<service>/<Service>Policies.cs`); the organisation is the token's `tenant` claim.",
                ["flows"] = new JsonObject
                {
                    ["clientCredentials"] = new JsonObject { ["tokenUrl"] = TokenUrl, ["scopes"] = Scopes() },
                    ["authorizationCode"] = new JsonObject
                    {
                        ["authorizationUrl"] = AuthorizationUrl, ["tokenUrl"] = TokenUrl, ["scopes"] = Scopes(),
                    },
                },
            },
            [Bearer] = new JsonObject
            {
                ["type"] = "http",
                ["scheme"] = "bearer",
                ["bearerFormat"] = "JWT",
                ["description"] = "An access token (JWT) from the platform's token server, in `Authorization: Bearer …`.",
            },
        };
    }
}
