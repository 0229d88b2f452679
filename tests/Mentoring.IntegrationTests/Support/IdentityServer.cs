using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mentoring.Identity;
using Mentoring.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The identity service (token server) running in-process against a test database, seeded with
/// one partner client, one reporting client, one public SPA client, an administrator and a person
/// for each tenant given. Gets tokens the way real clients do: a plain form POST for client
/// credentials, and for people the authorization code flow with PKCE driven through the login
/// page with a plain HttpClient (<see cref="Browser"/>) — at the server itself, or through the
/// gateway in front of it (<see cref="Through"/>).
/// </summary>
public sealed partial class IdentityServer : IAsyncDisposable
{
    public const string Audience = "mentoring-api";
    public const string SpaRedirectUri = "http://127.0.0.1:8080/callback";

    public static readonly string[] PartnerScopes =
        ["profile.read", "profile.write", "matching.read", "matching.write", "scheduling.read", "scheduling.write",
         "feedback.read", "feedback.write", "events.read"];

    /// <summary>The admin SPA's API scopes: every area, and managing webhooks (events.write) rather than reading the event stream.</summary>
    public static readonly string[] SpaApiScopes = [.. PartnerScopes.Where(x => x != "events.read"), "events.write"];

    private readonly HttpClient http;
    private readonly bool ownsService;

    private IdentityServer(RunningService service, IReadOnlyList<TestTenant> tenants, Uri address, Uri clientAddress, string issuer, bool ownsService)
    {
        Service = service;
        Tenants = tenants;
        Address = address;
        ClientAddress = clientAddress;
        Issuer = issuer;
        this.ownsService = ownsService;
        http = new HttpClient { BaseAddress = clientAddress };
    }

    public RunningService Service { get; }

    /// <summary>Where it listens (HTTP/1.1): the endpoints, the login page and health.</summary>
    public Uri Address { get; }

    /// <summary>Where the flows of this instance reach it: <see cref="Address"/>, or a gateway in front (<see cref="Through"/>).</summary>
    public Uri ClientAddress { get; }

    public IReadOnlyList<TestTenant> Tenants { get; }

    public TestTenant Tenant(string id) => Tenants.Single(t => t.Id == id);

    /// <summary>The issuer: <c>Identity:Issuer</c> when the test set one, else the service's HTTP address (e.g. <c>http://127.0.0.1:41234/</c>).</summary>
    public string Issuer { get; }

    /// <summary>The same server reached through <paramref name="frontDoor"/> (a gateway): every flow and token request goes there. Disposing it leaves the server running.</summary>
    public IdentityServer Through(Uri frontDoor) => new(Service, Tenants, Address, frontDoor, Issuer, ownsService: false);

    public HttpClient CreateHttpClient() => new() { BaseAddress = ClientAddress };

    /// <summary>Starts the identity service seeded for <paramref name="tenants"/> (default: <c>demo</c>; none: empty list).</summary>
    /// <param name="contentRoot">Where appsettings.json is read from; default an empty folder.</param>
    /// <param name="httpPort">A fixed port (to restart on the same address, hence the same issuer); default a free one.</param>
    public static async Task<IdentityServer> StartAsync(
        TestDatabase db, IEnumerable<string>? tenants = null, IReadOnlyDictionary<string, string?>? settings = null,
        string? contentRoot = null, bool waitUntilReady = true, int? httpPort = null)
    {
        var seeded = (tenants ?? ["demo"]).Select(TestTenant.For).ToList();
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(IdentityApp.Name),
            ["Identity:RequireHttps"] = "false",
            ["Identity:Issuer"] = "", // http://127.0.0.1:<the port RunningService picked>/
        };
        foreach (var (key, value) in SeedSettings(seeded)) all[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        if (httpPort is { } fixedPort) all["Service:HttpPort"] = fixedPort.ToString();
        var service = await RunningService.StartAsync(IdentityApp.Name, IdentityApp.Create, all, waitUntilReady && httpPort is null, contentRoot);
        var address = httpPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : service.HttpAddress;
        var issuer = all["Identity:Issuer"] is { Length: > 0 } configured ? new Uri(configured).ToString() : address.ToString();
        var server = new IdentityServer(service, seeded, address, address, issuer, ownsService: true);
        if (waitUntilReady && httpPort is not null)
            await Eventually.True("identity answers /healthz/ready", async () => (await server.http.GetAsync("/healthz/ready")).IsSuccessStatusCode);
        return server;
    }

    /// <summary>The <c>Identity:Seed</c> configuration for the tenants.</summary>
    public static Dictionary<string, string?> SeedSettings(IEnumerable<TestTenant> tenants)
    {
        var s = new Dictionary<string, string?>();
        int c = 0, u = 0;
        void Client(string id, string? secret, string tenant, string[] grants, string[] scopes, string[] redirects)
        {
            var p = $"Identity:Seed:Clients:{c++}:";
            s[p + "ClientId"] = id;
            s[p + "ClientSecret"] = secret;
            s[p + "Tenant"] = tenant;
            for (var i = 0; i < grants.Length; i++) s[$"{p}GrantTypes:{i}"] = grants[i];
            for (var i = 0; i < scopes.Length; i++) s[$"{p}Scopes:{i}"] = scopes[i];
            for (var i = 0; i < redirects.Length; i++) s[$"{p}RedirectUris:{i}"] = redirects[i];
        }
        void User(string email, string password, string tenant, string role, string? person)
        {
            var p = $"Identity:Seed:Users:{u++}:";
            s[p + "Email"] = email;
            s[p + "Password"] = password;
            s[p + "Tenant"] = tenant;
            s[p + "Roles:0"] = role;
            s[p + "Person"] = person;
        }
        foreach (var t in tenants)
        {
            Client(t.PartnerClientId, t.PartnerSecret, t.Id, ["client_credentials"], PartnerScopes, []);
            Client(t.ReportingClientId, t.ReportingSecret, t.Id, ["client_credentials"], ["reporting.read"], []);
            Client(t.SpaClientId, null, t.Id, ["authorization_code", "refresh_token"],
                ["openid", "offline_access", .. SpaApiScopes], [SpaRedirectUri]);
            User(t.AdminEmail, t.AdminPassword, t.Id, "administrator", null);
            User(t.PersonEmail, t.PersonPassword, t.Id, "person", t.Person);
            foreach (var (role, person) in t.Cast) User(t.CastEmail(role), t.CastPassword(role), t.Id, "person", person);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------
    // client credentials

    /// <summary>POST /connect/token as <c>curl -d grant_type=client_credentials -d client_id=… -d client_secret=… -d scope=…</c> does.</summary>
    public Task<TokenResponse> RequestClientCredentialsAsync(string clientId, string secret, params string[] scopes) =>
        PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = string.Join(' ', scopes),
        });

    /// <summary>An access token (JWT) for the client, or an exception with the server's answer.</summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId, string secret, params string[] scopes) =>
        (await RequestClientCredentialsAsync(clientId, secret, scopes)).EnsureSuccess().AccessToken!;

    public async Task<TokenResponse> PostTokenAsync(IDictionary<string, string> form)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResponse(response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    // ------------------------------------------------------------------------------------------
    // authorization code + PKCE

    /// <summary>Tokens for a user of the SPA client of the user's tenant (authorization code + PKCE).</summary>
    public Task<TokenResponse> UserTokenAsync(string email, string password, params string[] scopes) =>
        UserTokenForClientAsync(Tenants.Single(t => t.AdminEmail == email || t.PersonEmail == email || t.Cast.Keys.Any(r => t.CastEmail(r) == email))
            .SpaClientId, email, password, scopes);

    /// <summary>Tokens for a user of a given public client (authorization code + PKCE).</summary>
    public async Task<TokenResponse> UserTokenForClientAsync(string clientId, string email, string password, params string[] scopes)
    {
        var attempt = await AuthorizeAsync(clientId, email, password, scopes);
        if (attempt.Code is null)
            throw new InvalidOperationException($"no authorization code for {email}: {attempt.Error ?? attempt.LastStatus.ToString()}");
        return (await RedeemCodeAsync(clientId, attempt.Code, attempt.Verifier)).EnsureSuccess();
    }

    /// <summary>
    /// Drives /connect/authorize like a browser: the login page, the credentials, back to
    /// authorize, and stops at the redirect to the client's redirect URI.
    /// </summary>
    /// <param name="pkce">false: send no code_challenge.</param>
    /// <param name="browser">The browser to drive (its cookies and what it saw stay with the caller); default a new one.</param>
    public async Task<AuthorizationAttempt> AuthorizeAsync(
        string clientId, string email, string password, string[] scopes, bool pkce = true, string redirectUri = SpaRedirectUri,
        Browser? browser = null)
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = string.Join(' ', scopes),
            ["state"] = state,
        };
        if (pkce)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }

        using var ownBrowser = browser is null ? new Browser(ClientAddress) : null;
        browser ??= ownBrowser!;
        var url = new Uri(ClientAddress, "/connect/authorize" + Microsoft.AspNetCore.Http.QueryString.Create(query));
        var loggedIn = false;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect)
            {
                var next = new Uri(url, response.Headers.Location!);
                if (next.GetLeftPart(UriPartial.Path) == redirectUri)
                {
                    var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(next.Query);
                    if (parameters.TryGetValue("state", out var returned) && returned != state)
                        throw new InvalidOperationException("state mismatch");
                    return new AuthorizationAttempt(parameters.TryGetValue("code", out var code) ? code.ToString() : null,
                        parameters.TryGetValue("error", out var error) ? error.ToString() : null, verifier, response.StatusCode, next);
                }
                url = next;
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains("<form", StringComparison.Ordinal) || loggedIn)
            {
                // An error the server cannot send back to the client (e.g. before it trusts the
                // redirect URI) is shown to the user instead: "error:invalid_request" and so on.
                var shown = ErrorLine().Match(html);
                return new AuthorizationAttempt(null, shown.Success ? shown.Groups[1].Value : null, verifier, response.StatusCode, url, html);
            }

            // The login page: submit the form with its antiforgery token and return URL.
            var form = HiddenInputs(html);
            form["email"] = email;
            form["password"] = password;
            loggedIn = true;
            var action = new Uri(url, FormAction(html));
            browser.Saw(action);
            using var posted = await browser.PostFormAsync(action, form);
            if (posted.StatusCode != HttpStatusCode.Found)
                return new AuthorizationAttempt(null, null, verifier, posted.StatusCode, url, await posted.Content.ReadAsStringAsync());
            url = new Uri(url, posted.Headers.Location!);
        }
        throw new InvalidOperationException("too many redirects");
    }

    public Task<TokenResponse> RedeemCodeAsync(string clientId, string code, string verifier, string redirectUri = SpaRedirectUri) =>
        PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });

    public Task<TokenResponse> RefreshAsync(string clientId, string refreshToken) =>
        PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        });

    // ------------------------------------------------------------------------------------------
    // validation, as a resource server does it

    /// <summary>Validates a JWT access token with the keys of the JWKS the discovery document points to.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string token)
    {
        var configuration = await DiscoverAsync();
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        });
    }

    /// <summary>The discovery document and its JWKS, fetched as JwtBearer does.</summary>
    public Task<OpenIdConnectConfiguration> DiscoverAsync() =>
        new ConfigurationManager<OpenIdConnectConfiguration>(
            Issuer + ".well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ownsService ? Service.DisposeAsync() : ValueTask.CompletedTask;
    }

    private static Dictionary<string, string> HiddenInputs(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    private static string FormAction(string html) => WebUtility.HtmlDecode(FormActionAttribute().Match(html).Groups["action"].Value);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();

    /// <summary>The action of the login page's form, resolved against the page's address.</summary>
    public static Uri FormActionOf(Uri page, string html) => new(page, FormAction(html));

    [GeneratedRegex(@"^error:(\S+)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]*)">""")]
    private static partial Regex FormActionAttribute();

}

/// <summary>
/// A cookie-keeping HttpClient that does not follow redirects (the test follows them), and remembers
/// every address it was sent to (<c>Location</c> headers, resolved) or told to post a form to.
/// </summary>
public sealed class Browser(Uri baseAddress) : IDisposable
{
    private readonly List<Uri> seen = [];
    private readonly HttpClient client = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = baseAddress,
    };

    /// <summary>Every redirect target and form action met so far, absolute, in order.</summary>
    public IReadOnlyList<Uri> Seen => seen;

    public void Saw(Uri url) => seen.Add(url);

    public async Task<HttpResponseMessage> GetAsync(Uri url) => Record(url, await client.GetAsync(url));

    public async Task<HttpResponseMessage> PostFormAsync(Uri url, IDictionary<string, string> form) =>
        Record(url, await client.PostAsync(url, new FormUrlEncodedContent(form)));

    private HttpResponseMessage Record(Uri url, HttpResponseMessage response)
    {
        if (response.Headers.Location is { } location)
            seen.Add(new Uri(url.IsAbsoluteUri ? url : new Uri(client.BaseAddress!, url), location));
        return response;
    }

    public void Dispose() => client.Dispose();
}

/// <summary>The names and credentials seeded for one tenant.</summary>
public sealed record TestTenant(string Id, string Person)
{
    /// <summary>Roles people play in relationship tests, each a signed-in person of their own.</summary>
    public static readonly string[] CastRoles = ["mentor", "mentee", "manager", "colleague"];

    public static TestTenant For(string id) => new(id, $"people/{Guid.NewGuid()}")
    {
        Cast = CastRoles.ToDictionary(r => r, _ => $"people/{Guid.NewGuid()}"),
    };

    /// <summary>Role → the person (<c>people/{id}</c>) their token is linked to.</summary>
    public IReadOnlyDictionary<string, string> Cast { get; init; } = new Dictionary<string, string>();
    public string CastEmail(string role) => $"{role}@{Id}.example";
    public string CastPassword(string role) => $"test-{role}-{Id}";

    public string PartnerClientId => $"partner-{Id}";
    public string PartnerSecret => $"test-partner-secret-{Id}";
    public string ReportingClientId => $"reporting-{Id}";
    public string ReportingSecret => $"test-reporting-secret-{Id}";
    public string SpaClientId => $"admin-spa-{Id}";
    public string AdminEmail => $"admin@{Id}.example";
    public string AdminPassword => $"test-admin-{Id}";
    public string PersonEmail => $"ada@{Id}.example";
    public string PersonPassword => $"test-ada-{Id}";
}

/// <summary>An answer of the token endpoint.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Get("access_token");
    public string? RefreshToken => Get("refresh_token");
    public string? IdToken => Get("id_token");
    public string? Error => Get("error");

    public TokenResponse EnsureSuccess() => Status == HttpStatusCode.OK && AccessToken is not null
        ? this
        : throw new InvalidOperationException($"token request failed: {(int)Status} {Body}");

    private string? Get(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) ? v.GetString() : null;
}

/// <summary>Where an authorization request ended: a code (or error) on the redirect URI, or a page.</summary>
public sealed record AuthorizationAttempt(
    string? Code, string? Error, string Verifier, HttpStatusCode LastStatus, Uri LastUrl, string? Page = null);
