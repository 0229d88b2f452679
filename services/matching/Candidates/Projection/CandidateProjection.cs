using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>Keeps <c>candidate</c> in step with profile's registrations (idempotent upsert).</summary>
public sealed class CandidateProjection : IEventHandler<PersonRegistered>
{
    public const string Subscriber = "candidates";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct)
    {
        var p = @event.Person;
        if (!ResourceName.TryParse("people", p.Name, out var personId))
            throw new InvalidOperationException($"PersonRegistered with a malformed name '{p.Name}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee, registered_at)
            VALUES (@TenantId, @personId, @DisplayName, @AreaOfWork, @Seniority, @Skills::jsonb, @IsMentor, @IsMentee, @RegisteredAt)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = excluded.display_name, area_of_work = excluded.area_of_work,
                seniority_level = excluded.seniority_level, skills = excluded.skills,
                is_mentor = excluded.is_mentor, is_mentee = excluded.is_mentee
            """,
            new
            {
                context.TenantId,
                personId,
                p.DisplayName,
                p.AreaOfWork,
                Seniority = (short)p.SeniorityLevel,
                Skills = CandidateRecord.SkillsJson(p.Skills.Select(s => (s.Name, s.Level))),
                IsMentor = p.Roles.Contains(PersonRole.Mentor),
                IsMentee = p.Roles.Contains(PersonRole.Mentee),
                RegisteredAt = p.CreateTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime,
            }, context.Transaction, cancellationToken: ct));
    }
}
