using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Feedback.GrowthPlans;

/// <summary>
/// Profile's <see cref="CompetencyAssessed"/>: the latest assessment per person and competency (an older
/// one delivered late changes nothing), for the competency targets on the person's growth plan.
/// </summary>
public sealed class CompetencyAssessmentProjection : IEventHandler<CompetencyAssessed>
{
    public const string Subscriber = "competency-assessments";

    public Task HandleAsync(CompetencyAssessed @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId) || !ResourceName.TryParse("competencies", @event.Competency, out var competencyId))
            throw new InvalidOperationException($"CompetencyAssessed with a malformed person or competency '{@event.Person}', '{@event.Competency}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessed_at)
            SELECT @TenantId, @personId, @competencyId, @current, @target, @at
            -- An erased person stays erased.
            WHERE NOT EXISTS (SELECT 1 FROM participant WHERE tenant_id = @TenantId AND person_id = @personId AND version = @tombstone)
            ON CONFLICT (tenant_id, person_id, competency_id) DO UPDATE
                SET current_level = excluded.current_level, target_level = excluded.target_level, assessed_at = excluded.assessed_at
            WHERE competency_assessment.assessed_at <= excluded.assessed_at
            """,
            new
            {
                context.TenantId, personId, competencyId, current = (short)@event.CurrentLevel, target = (short)@event.TargetLevel,
                at = @event.AssessTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime, tombstone = Erasure.TombstoneVersion,
            }, context.Transaction, cancellationToken: ct));
    }
}
