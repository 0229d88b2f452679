using Google.Protobuf.Reflection;
using Google.Rpc;
using System.Net;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Errors;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Requests;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation.Messages;
using Mentoring.BuildingBlocks.Validation.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mentoring.BuildingBlocks.Hosting;

/// <summary>The one call every service makes: ports, telemetry, health, gRPC + REST, database, events.</summary>
public static class ServiceDefaults
{
    /// <summary>
    /// The <c>google.rpc</c> error details the services put in a status (REST renders them in
    /// <c>details</c> with their <c>@type</c>); the gateway's OpenAPI document lists the same ones.
    /// </summary>
    public static readonly IReadOnlyList<MessageDescriptor> ErrorDetails =
        [BadRequest.Descriptor, ErrorInfo.Descriptor, ResourceInfo.Descriptor, PreconditionFailure.Descriptor];

    /// <param name="serviceAssembly">The service's assembly: its embedded Migrations/*.sql are applied at start-up.</param>
    /// <param name="policies">Who may call each RPC of the service (enforced on every call).</param>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder, string serviceName, System.Reflection.Assembly serviceAssembly, RpcPolicies policies)
    {
        var options = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        options.Name = serviceName; // fixed by the code: it names the schema and the event source
        builder.Services.AddSingleton(options);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, options.HttpPort, l => l.Protocols = HttpProtocols.Http1);
        });

        builder.AddTelemetry(options.Name);
        builder.Services.AddProblemDetails();
        builder.Services.AddGrpc(o =>
            {
                // Never: exception text must not reach a caller, in any environment (UnexpectedErrorInterceptor).
                o.EnableDetailedErrors = false;
                o.Interceptors.Add<UnexpectedErrorInterceptor>();
                o.Interceptors.Add<RequestTextInterceptor>();
                o.Interceptors.Add<AuthorizationInterceptor>();
                o.Interceptors.Add<AuditInterceptor>();
                o.Interceptors.Add<IdempotencyKeyInterceptor>();
            })
            .AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromMessages(ErrorDetails));
        builder.Services.UseGuardedBinding();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

        builder.AddPlatformSecurity();
        builder.Services.AddSingleton(policies);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<TenantDatabase>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<Reporting.OrganisationFigures>();
        builder.AddServiceDatabase(options.Name, serviceAssembly);
        builder.AddEventing();
        return builder;
    }

    /// <summary>Maps the service's API (gRPC and transcoded REST): authenticated, then checked against its policy table.</summary>
    public static WebApplication MapApi<TService>(this WebApplication app) where TService : class
    {
        app.MapGrpcService<TService>().RequireAuthorization();
        return app;
    }

    /// <summary>Health (HTTP and gRPC), reflection and the event subscription endpoints.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseUnexpectedErrorHandler();
        app.UseRequestIdLogging();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTranscodedRequestValidation();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = ReadinessText.WriteAsync,
        });
        app.MapGrpcHealthChecksService();
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Service:EnableReflection"))
            app.MapGrpcReflectionService();
        app.MapEventEndpoints();
        return app;
    }
}
