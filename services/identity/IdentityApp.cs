using System.Net;
using Mentoring.BuildingBlocks.Errors;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Transports.Dapr;
using Mentoring.Contracts.Events.V1;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Identity.Connect;
using Mentoring.Identity.Data;
using Mentoring.Identity.Keys;
using Mentoring.Identity.Login;
using Mentoring.Identity.People;
using Mentoring.Identity.Seeding;
using Mentoring.Identity.Startup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mentoring.Identity;

/// <summary>
/// The platform's OAuth 2.0 / OpenID Connect token server for the embedded default (OpenIddict):
/// client credentials for partners and jobs, authorization code + PKCE for people, refresh
/// tokens; signed JWT access tokens (audience <c>mentoring-api</c>) that every service validates
/// from the discovery document. In clusters an external identity provider can replace it.
/// </summary>
public static class IdentityApp
{
    public const string Name = "identity";
    public const int DefaultHttpPort = 5100;

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);

        var service = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        service.Name = Name;
        if (builder.Configuration["Service:HttpPort"] is null) service.HttpPort = DefaultHttpPort;
        var options = builder.Configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(options);

        // One HTTP/1.1 port: the OAuth endpoints, the login page and health (no gRPC here).
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(service.BindAddress), service.HttpPort, l => l.Protocols = HttpProtocols.Http1));
        builder.AddTelemetry(Name);
        builder.Services.AddProblemDetails();

        AddDatabase(builder);
        AddTokenServer(builder, options, options.ResolveIssuer(service.HttpPort));
        AddPersonDirectory(builder);

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "mentoring.identity.antiforgery";
            o.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddAuthentication(LoginEndpoints.Scheme).AddCookie(LoginEndpoints.Scheme, o =>
        {
            o.LoginPath = LoginEndpoints.Path;
            o.Cookie.Name = "mentoring.identity.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

        var app = builder.Build();
        // Behind the gateway: the scheme, host and client address the browser used (trusted proxies only).
        app.UseTrustedForwardedHeaders(options.ForwardedHeaders, IdentityOptions.ForwardedHeadersSection, trustLoopbackByDefault: true);
        app.UseUnexpectedErrorHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = ReadinessText.WriteAsync,
        });
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeEndpoint.HandleAsync);
        app.MapPost("/connect/token", TokenEndpoint.HandleAsync);
        app.MapMethods("/connect/logout", ["GET", "POST"], (Delegate)SessionEndpoints.EndSessionAsync);
        app.MapMethods("/connect/userinfo", ["GET", "POST"], SessionEndpoints.UserInfoAsync);
        LoginEndpoints.Map(app);
        if (app.Services.GetRequiredService<EventingOptions>() is { UsesDapr: true } eventing) app.MapDaprSubscriptions(eventing);
        return app;
    }

    /// <summary>
    /// Profile's people by e-mail address, from its events, so that a user is given the person
    /// with their address (the <c>person</c> claim). Only subscriptions: identity publishes nothing.
    /// </summary>
    private static void AddPersonDirectory(WebApplicationBuilder builder)
    {
        builder.AddEventing();
        // The building blocks' event operations (dead letters, replays) use the retrying database.
        builder.Services.AddSingleton(sp => new ServiceDatabase(sp.GetRequiredService<NpgsqlDataSource>(),
            ServiceDatabase.TransientRetry(new DatabaseOptions().TransientRetries, sp.GetRequiredService<NpgsqlDataSource>())));
        builder.Services.AddEventHandler<PersonRegistered, PersonDirectory>(PersonDirectory.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, PersonDirectory>(PersonDirectory.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, PersonDirectory>(PersonDirectory.ErasureSubscriber);
        builder.Services.AddSingleton<PersonLinks>();
    }

    private static void AddDatabase(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Service")
            ?? throw new InvalidOperationException($"{Name}: no database configured (ConnectionStrings:Service).");
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = $"mentoring-{Name}";
        var dataSource = new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();

        builder.Services.AddSingleton(_ => dataSource); // a factory registration: disposed (pool closed) with the app
        builder.Services.AddSingleton(new IdentityDatabase(csb.ConnectionString));
        builder.Services.AddSingleton<MigrationStatus>();
        builder.Services.AddDbContext<IdentityDbContext>(o =>
            o.UseNpgsql(dataSource, npgsql => npgsql.ExecutionStrategy(deps => new RetryingStrategy(deps, dataSource))));
        builder.Services.AddScoped<Seeder>();
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.Services.AddHostedService<IdentityInitializer>();
    }

    private static void AddTokenServer(WebApplicationBuilder builder, IdentityOptions options, string issuer)
    {
        using var loggerFactory = LoggerFactory.Create(l => l.AddConsole());
        var logger = loggerFactory.CreateLogger(typeof(IdentityApp));

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(issuer, UriKind.Absolute));
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetRevocationEndpointUris("connect/revoke");

                server.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();
                // PKCE with S256 only: no "plain" code challenges.
                server.Configure(o => o.CodeChallengeMethods.Remove(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));

                server.RegisterScopes(IdentityScopes.All);
                server.AddEventHandler(ScopePermissionHandlers.Token)
                    .AddEventHandler(ScopePermissionHandlers.Authorization);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime);

                // Access tokens are signed JWTs, not encrypted: every service validates them with
                // standard JwtBearer from the discovery document and its JWKS.
                server.DisableAccessTokenEncryption();
                if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
                    server.AddSigningKey(RsaKeyFile.Ephemeral());
                else
                    server.AddSigningKey(RsaKeyFile.LoadOrCreate(options.SigningKeyPath, logger));
                // Codes and refresh tokens are read only by this server: encrypted with its own key.
                if (options.ResolveEncryptionKeyPath() is { } encryptionKeyPath)
                    server.AddEncryptionKey(RsaKeyFile.LoadOrCreate(encryptionKeyPath, logger));
                else
                    server.AddEncryptionKey(RsaKeyFile.Ephemeral());

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                if (!options.RequireHttps) aspNetCore.DisableTransportSecurityRequirement();
            });
    }
}
