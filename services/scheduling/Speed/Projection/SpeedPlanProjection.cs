using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Scheduling.Speed.Projection;

/// <summary>SpeedRotationPlanned: keeps matching's plan as published, to be booked by an administrator (idempotent upsert).</summary>
public sealed class SpeedPlanProjection : IEventHandler<SpeedRotationPlanned>
{
    public const string Subscriber = "speed-plans";

    public Task HandleAsync(SpeedRotationPlanned @event, EventContext context, CancellationToken ct)
    {
        var rotation = @event.Rotation ?? throw new InvalidOperationException("SpeedRotationPlanned without a rotation");
        if (!SpeedNames.TryParsePlan(rotation.Name, out var programmeId, out var planId))
            throw new InvalidOperationException($"SpeedRotationPlanned with a malformed plan '{rotation.Name}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO speed_plan (tenant_id, id, programme_id, session_minutes, rotation) VALUES (@TenantId, @planId, @programmeId, @minutes, @json::jsonb)
            ON CONFLICT (tenant_id, id) DO UPDATE SET rotation = excluded.rotation, session_minutes = excluded.session_minutes
            """,
            new { context.TenantId, planId, programmeId, minutes = rotation.SessionMinutes, json = JsonFormatter.Default.Format(rotation) },
            context.Transaction, cancellationToken: ct));
    }
}
