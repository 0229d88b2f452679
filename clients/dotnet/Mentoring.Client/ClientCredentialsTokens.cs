using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Mentoring.Client;

/// <summary>
/// Access tokens by OAuth 2.0 client credentials from the platform's token server (the gateway's
/// <c>/connect/token</c>): one request per token, shared by every call until shortly before it
/// expires, then a new one — fetched by one caller while the others wait for it.
/// </summary>
public sealed class ClientCredentialsTokens(HttpClient http, string clientId, string clientSecret, IReadOnlyList<string> scopes, TimeProvider? clock = null)
{
    /// <summary>How long before its expiry a token is replaced.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset Expires)? current;

    /// <summary>How many tokens were requested so far (for diagnostics).</summary>
    public int Requested { get; private set; }

    public async ValueTask<string> GetAsync(CancellationToken ct = default)
    {
        if (current is { } fresh && fresh.Expires - RefreshMargin > clock.GetUtcNow()) return fresh.Token;
        await gate.WaitAsync(ct);
        try
        {
            if (current is { } again && again.Expires - RefreshMargin > clock.GetUtcNow()) return again.Token;
            Requested++;
            using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"] = string.Join(' ', scopes),
            }), ct);
            if (!response.IsSuccessStatusCode)
                throw new MentoringClientException($"The token server refused the client credentials ({(int)response.StatusCode}).");
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                ?? throw new MentoringClientException("The token server sent no token.");
            if (string.IsNullOrEmpty(body.AccessToken)) throw new MentoringClientException("The token server sent no token.");
            current = (body.AccessToken, clock.GetUtcNow().AddSeconds(body.ExpiresIn > 0 ? body.ExpiresIn : 300));
            return body.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>The client could not do what was asked (e.g. the token server refused its credentials).</summary>
public sealed class MentoringClientException(string message) : Exception(message);
