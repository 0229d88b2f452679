using System.Net.Http.Json;
using System.Text.Json;
using Mentoring.Identity;
using Mentoring.Testing;

namespace Mentoring.Bench.Shared;

/// <summary>A partner client the load drivers seed into their token server (client credentials).</summary>
public sealed record BenchClient(string Id, string Secret, string Tenant, params string[] Scopes);

/// <summary>The token server as the load drivers host it, seeded with one partner client, and that client's tokens.</summary>
public static class BenchIdentity
{
    /// <summary>The token server's settings on <paramref name="db"/>: plain HTTP, the issuer taken from the request, tokens that outlast a run.</summary>
    public static Dictionary<string, string?> Settings(TestDatabase db, BenchClient client)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(IdentityApp.Name),
            ["Identity:RequireHttps"] = "false",
            ["Identity:Issuer"] = "",
            ["Identity:AccessTokenLifetime"] = "04:00:00",
            ["Identity:Seed:Clients:0:ClientId"] = client.Id,
            ["Identity:Seed:Clients:0:ClientSecret"] = client.Secret,
            ["Identity:Seed:Clients:0:Tenant"] = client.Tenant,
            ["Identity:Seed:Clients:0:GrantTypes:0"] = "client_credentials",
        };
        for (var i = 0; i < client.Scopes.Length; i++) settings[$"Identity:Seed:Clients:0:Scopes:{i}"] = client.Scopes[i];
        return settings;
    }

    /// <summary>An access token of <paramref name="client"/> with all its scopes (POST /connect/token, client credentials).</summary>
    public static async Task<string> TokenAsync(RunningService identity, BenchClient client)
    {
        using var http = identity.CreateHttpClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Id, ["client_secret"] = client.Secret,
            ["scope"] = string.Join(' ', client.Scopes),
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token)
            ? token.GetString()!
            : throw new InvalidOperationException($"token request failed: {(int)response.StatusCode} {body}");
    }
}
