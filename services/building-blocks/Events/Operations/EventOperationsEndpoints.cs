using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mentoring.BuildingBlocks.Events.Transports.Postgres;
using Mentoring.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;

namespace Mentoring.BuildingBlocks.Events.Operations;

/// <summary>
/// Operator endpoints on the service's own HTTP port, for administrators, showing their own
/// organisation's events only (also under <c>/{service}/ops/events/…</c>, which the gateway routes
/// like the service's REST API, for the admin SPA):
/// <c>GET /ops/events/dead-letters</c>, <c>POST /ops/events/dead-letters/{subscriber}/{eventId}:replay</c>,
/// <c>GET /ops/events/outbox</c> (what is not published yet, with attempts and last error),
/// <c>GET /ops/events/subscribers</c> (this service's subscribers, and which wait for a bootstrap).
/// </summary>
public static class EventOperationsEndpoints
{
    public static IEndpointRouteBuilder MapEventOperations(this IEndpointRouteBuilder app)
    {
        Map(app, "/ops/events");
        if (app.ServiceProvider.GetService<ServiceOptions>()?.Name is { Length: > 0 } service) Map(app, $"/{service}/ops/events");
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string prefix)
    {
        var ops = app.MapGroup(prefix).ExcludeFromDescription().RequireAuthorization(SecurityRegistration.AdministratorsOnly);
        ops.MapGet("/dead-letters", (EventOperations o, TenantContext tenant, CancellationToken ct) =>
            o.ListDeadLettersAsync(tenant.TenantId, ct));
        ops.MapPost("/dead-letters/{subscriber}/{eventId:guid}:replay", async (
                string subscriber, Guid eventId, EventOperations o, TenantContext tenant, CancellationToken ct) =>
            await o.ReplayDeadLetterAsync(tenant.TenantId, subscriber, eventId, ct)
                ? Results.Accepted()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter"));
        ops.MapGet("/subscribers", (EventSubscriptions subscriptions, LogGaps gaps) => SubscriberState.Of(subscriptions, gaps));
        ops.MapGet("/outbox", (EventOperations o, TenantContext tenant, CancellationToken ct) => o.ListUnpublishedAsync(tenant.TenantId, ct));
    }
}
