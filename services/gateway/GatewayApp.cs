using System.Net;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Gateway.AdminSpa;
using Mentoring.Gateway.Balancing;
using Mentoring.Gateway.FrontDoor;
using Mentoring.Gateway.Health;
using Mentoring.Gateway.OpenApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Health;

namespace Mentoring.Gateway;

/// <summary>
/// One host in front of every service: gRPC on an HTTP/2 port (routed by
/// <c>/{package}.{Service}/</c>), REST and health on an HTTP/1.1 port (routed by
/// <c>/{service}/</c>), and the token server's browser-facing endpoints (<c>/connect/*</c>,
/// <c>/.well-known/*</c>, the login page under <c>/account/*</c>). Routes and clusters come from the
/// <c>ReverseProxy</c> configuration section (a cluster may list several destinations, balanced and
/// health-checked as <c>Gateway:Balancing</c> says); the front door (rate limits, body limits, CORS,
/// security headers, request ids) from <c>Gateway</c>. The gateway itself answers health (HTTP and
/// gRPC) and, in Development, gRPC reflection for every service behind it.
/// It also serves the OpenAPI document of the REST surface and its reference page (<c>OpenApi/</c>),
/// and the admin SPA's built files at <c>/admin</c> (<c>AdminSpa/</c>).
/// </summary>
public static class GatewayApp
{
    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        var options = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        options.Name = "gateway";
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, options.HttpPort, l => l.Protocols = HttpProtocols.Http1);
        });

        builder.AddTelemetry(options.Name);
        var frontDoor = builder.AddFrontDoor();
        builder.AddPlatformSecurity(); // the same token validation as every service: defence in depth
        var balancing = BalancingOptions.From(builder.Configuration);
        builder.Services.AddSingleton(balancing);
        // YARP keeps a destination out for at least the window it measures failure rates over (60 s by default).
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(o => o.DetectionWindowSize = balancing.ReactivationPeriod);
        // YARP's default transforms stay on: X-Forwarded-For/-Proto/-Host/-Prefix tell the
        // destinations (identity's login redirects, its discovery document) the address the client used.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<BalancingDefaults>()
            .AddTransforms(RequestIds.ForwardToDestination);
        builder.Services.AddHttpClient(DestinationsReadyCheck.HttpClientName);
        builder.Services.AddGrpc(); // the gateway's own gRPC services: health and reflection
        builder.Services.AddGrpcHealthChecks().AddCheck<DestinationsReadyCheck>("destinations", tags: ["ready"]);
        builder.AddGatewayReflection(frontDoor);

        var app = builder.Build();
        app.UseFrontDoor();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = DestinationsReadyCheck.WriteReport,
        });
        app.MapGrpcHealthChecksService();
        app.MapGatewayReflection();
        app.MapOpenApiReference();
        app.MapAdminSpa();
        app.MapReverseProxy();
        return app;
    }
}
