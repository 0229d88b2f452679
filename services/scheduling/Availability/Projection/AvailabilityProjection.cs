using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Scheduling.Availability.Projection;

/// <summary>
/// AvailabilityChanged: the person's weekly windows, exceptions and zone, kept as profile stored
/// them. The etag is profile's version; an older change delivered late never overwrites a newer one.
/// </summary>
public sealed class AvailabilityProjection : IEventHandler<AvailabilityChanged>
{
    public const string Subscriber = "availability";

    public Task HandleAsync(AvailabilityChanged @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"AvailabilityChanged with a malformed person '{@event.Person}'");
        var availability = @event.Availability ?? new Contracts.Profile.V1.Availability();
        var version = long.TryParse(availability.Etag.Trim('"'), out var v) ? v : 0;
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO availability (tenant_id, person_id, version, availability) VALUES (@TenantId, @personId, @version, @json::jsonb)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET version = excluded.version, availability = excluded.availability
            WHERE availability.version <= excluded.version
            """,
            new { context.TenantId, personId, version, json = JsonFormatter.Default.Format(availability) },
            context.Transaction, cancellationToken: ct));
    }
}
