using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Feedback.Participants.Projection;

/// <summary>
/// PersonErased: the participant becomes a tombstone without personal data, and the session records
/// they wrote, their journal, growth plan, survey answers, self-assessments and the observations they made or
/// received are deleted (the other participants' records stay theirs;
/// goals and the agreement are the relationship's, written together, and stay).
/// </summary>
public sealed class ParticipantErasure : IEventHandler<PersonErased>
{
    public const string Subscriber = "participant-erasure";

    public Task HandleAsync(PersonErased @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"PersonErased with a malformed person '{@event.Person}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO participant (tenant_id, person_id, display_name, time_zone, registered_at, version)
            VALUES (@TenantId, @personId, '', 'UTC', now(), @tombstone)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET display_name = '', time_zone = 'UTC', version = @tombstone;
            DELETE FROM session_record WHERE tenant_id = @TenantId AND author_id = @personId;
            DELETE FROM journal_entry WHERE tenant_id = @TenantId AND author_id = @personId;
            DELETE FROM growth_plan WHERE tenant_id = @TenantId AND person_id = @personId;
            DELETE FROM competency_assessment WHERE tenant_id = @TenantId AND person_id = @personId;
            DELETE FROM pulse WHERE tenant_id = @TenantId AND respondent_id = @personId;
            DELETE FROM fit_check_answer WHERE tenant_id = @TenantId AND respondent_id = @personId;
            DELETE FROM closing_evaluation WHERE tenant_id = @TenantId AND respondent_id = @personId;
            DELETE FROM goal_self_assessment s USING goal g
                WHERE s.tenant_id = @TenantId AND g.tenant_id = s.tenant_id AND g.id = s.goal_id AND g.owner_id = @personId;
            DELETE FROM observation WHERE tenant_id = @TenantId AND (candidate_id = @personId OR observer_id = @personId);
            {Erasure.ScrubFailedDeliveriesSql};
            """,
            new { context.TenantId, personId, tombstone = Erasure.TombstoneVersion, name = @event.Person },
            context.Transaction, cancellationToken: ct));
    }
}
