using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>
/// Keeps <c>candidate</c> in step with profile's people (idempotent upsert); a change carries the
/// person's version, so an older one delivered late never overwrites a newer one.
/// </summary>
public sealed class CandidateProjection : IEventHandler<PersonRegistered>, IEventHandler<PersonUpdated>
{
    public const string Subscriber = "candidates";
    public const string UpdatesSubscriber = "candidate-updates";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, version: 1, context, ct);

    public Task HandleAsync(PersonUpdated @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, @event.Version, context, ct);

    private static Task UpsertAsync(Person p, long version, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", p.Name, out var personId))
            throw new InvalidOperationException($"Event with a malformed person name '{p.Name}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee,
                                   registered_at, version, status, time_zone, languages, meeting_formats, location,
                                   mentor_capacity, hours_per_month)
            VALUES (@TenantId, @personId, @DisplayName, @AreaOfWork, @Seniority, @Skills::jsonb, @IsMentor, @IsMentee,
                    @RegisteredAt, @version, @Status, @TimeZone, @Languages, @Formats, @Location, @MentorCapacity, @HoursPerMonth)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = excluded.display_name, area_of_work = excluded.area_of_work,
                seniority_level = excluded.seniority_level, skills = excluded.skills,
                is_mentor = excluded.is_mentor, is_mentee = excluded.is_mentee,
                version = excluded.version, status = excluded.status,
                time_zone = excluded.time_zone, languages = excluded.languages, meeting_formats = excluded.meeting_formats,
                location = excluded.location, mentor_capacity = excluded.mentor_capacity, hours_per_month = excluded.hours_per_month
            WHERE candidate.version < excluded.version
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
                version,
                Status = (short)(p.Status == PersonStatus.Unspecified ? PersonStatus.Active : p.Status),
                TimeZone = p.TimeZone.Length == 0 ? "UTC" : p.TimeZone,
                Languages = p.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToArray(),
                Formats = p.MeetingFormats.Select(f => (short)f).Distinct().ToArray(),
                p.Location,
                p.MentorCapacity,
                p.HoursPerMonth,
            }, context.Transaction, cancellationToken: ct));
    }
}
