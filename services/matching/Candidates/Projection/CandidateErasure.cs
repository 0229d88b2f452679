using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Matching.Relationships.Leaving;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>
/// PersonErased: the candidate becomes a tombstone without personal data; their reporting line goes; their
/// relationships, requests and enrolments end (<see cref="RelationshipsOfErasedPerson"/>).
/// </summary>
public sealed class CandidateErasure(RelationshipsOfErasedPerson relationships) : IEventHandler<PersonErased>
{
    public const string Subscriber = "candidate-erasure";

    public async Task HandleAsync(PersonErased @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"PersonErased with a malformed person '{@event.Person}'");
        await context.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee,
                                   registered_at, version, status)
            VALUES (@TenantId, @personId, '', '', 0, jsonb_build_object(), false, false, now(), @tombstone, 3)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = '', area_of_work = '', seniority_level = 0, skills = jsonb_build_object(), is_mentor = false, is_mentee = false,
                version = @tombstone, status = 3, time_zone = 'UTC', languages = ARRAY[]::text[], meeting_formats = ARRAY[]::smallint[], location = '',
                mentor_capacity = 0, hours_per_month = 0, credentialed = false, credential_expires_at = NULL,
                competencies = jsonb_build_object(), mentor_competencies = ARRAY[]::text[], availability = jsonb_build_array();
            DELETE FROM reporting_line WHERE person_id = @personId;
            {Erasure.ScrubFailedDeliveriesSql};
            """,
            new { context.TenantId, personId, tombstone = Erasure.TombstoneVersion, name = @event.Person },
            context.Transaction, cancellationToken: ct));
        await relationships.ApplyAsync(personId, context, ct);
    }
}
