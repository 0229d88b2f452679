using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>Keeps <c>reporting_line</c> in step with profile; an older change never overwrites a newer one.</summary>
public sealed class ReportingLineProjection : IEventHandler<ReportingLineChanged>
{
    public const string Subscriber = "reporting-lines";

    public Task HandleAsync(ReportingLineChanged @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"ReportingLineChanged with a malformed person '{@event.Person}'");
        Guid? managerId = ResourceName.TryParse("people", @event.LineManager, out var m) ? m : null;
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reporting_line (tenant_id, person_id, line_manager_id, changed_at)
            VALUES (@TenantId, @personId, @managerId, @ChangedAt)
            ON CONFLICT (tenant_id, person_id) DO UPDATE
                SET line_manager_id = excluded.line_manager_id, changed_at = excluded.changed_at
                WHERE reporting_line.changed_at <= excluded.changed_at
            """,
            new { context.TenantId, personId, managerId, ChangedAt = context.Envelope.Time.UtcDateTime },
            context.Transaction, cancellationToken: ct));
    }
}
