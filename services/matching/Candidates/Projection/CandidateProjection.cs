using System.Text.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>
/// Keeps <c>candidate</c> in step with profile's people (idempotent upsert); a change carries the
/// person's version, so an older one delivered late never overwrites a newer one. A batch of one
/// organisation's events is one statement; its effect is that of the events one by one.
/// </summary>
public sealed class CandidateProjection : IEventBatchHandler<PersonRegistered>, IEventBatchHandler<PersonUpdated>
{
    public const string Subscriber = "candidates";
    public const string UpdatesSubscriber = "candidate-updates";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct) =>
        UpsertAsync([Row(@event.Person, version: 1, context)], context, ct);

    public Task HandleAsync(PersonUpdated @event, EventContext context, CancellationToken ct) =>
        UpsertAsync([Row(@event.Person, @event.Version, context)], context, ct);

    public Task HandleBatchAsync(IReadOnlyList<(PersonRegistered Event, EventContext Context)> events, CancellationToken ct) =>
        UpsertAsync(events.Select(e => Row(e.Event.Person, version: 1, e.Context)).ToList(), events[0].Context, ct);

    public Task HandleBatchAsync(IReadOnlyList<(PersonUpdated Event, EventContext Context)> events, CancellationToken ct) =>
        UpsertAsync(events.Select(e => Row(e.Event.Person, e.Event.Version, e.Context)).ToList(), events[0].Context, ct);

    /// <summary>One candidate row, with the columns' names (<c>jsonb_to_recordset</c> reads them).</summary>
    private sealed record CandidateRow(
        string tenant_id, Guid person_id, string display_name, string area_of_work, short seniority_level, JsonElement skills,
        bool is_mentor, bool is_mentee, DateTime registered_at, long version, short status, string time_zone, string[] languages,
        short[] meeting_formats, string location, int mentor_capacity, int hours_per_month);

    private static CandidateRow Row(Person p, long version, EventContext context)
    {
        if (!ResourceName.TryParse("people", p.Name, out var personId))
            throw new InvalidOperationException($"Event with a malformed person name '{p.Name}'");
        return new CandidateRow(
            context.TenantId, personId, p.DisplayName, p.AreaOfWork, (short)p.SeniorityLevel,
            JsonDocument.Parse(CandidateRecord.SkillsJson(p.Skills.Select(s => (s.Name, s.Level)))).RootElement,
            p.Roles.Contains(PersonRole.Mentor), p.Roles.Contains(PersonRole.Mentee),
            p.CreateTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime, version,
            (short)(p.Status == PersonStatus.Unspecified ? PersonStatus.Active : p.Status),
            p.TimeZone.Length == 0 ? "UTC" : p.TimeZone,
            p.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToArray(),
            p.MeetingFormats.Select(f => (short)f).Distinct().ToArray(),
            p.Location, p.MentorCapacity, p.HoursPerMonth);
    }

    /// <summary>
    /// One statement for the rows, in order. A person twice in one batch keeps only what one-by-one
    /// upserts would leave: the highest version, the first of equal ones (an upsert may touch a row
    /// only once per statement).
    /// </summary>
    private static Task UpsertAsync(IReadOnlyList<CandidateRow> rows, EventContext context, CancellationToken ct)
    {
        var last = rows.GroupBy(r => r.person_id).Select(g => g.Aggregate((kept, next) => next.version > kept.version ? next : kept));
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee,
                                   registered_at, version, status, time_zone, languages, meeting_formats, location,
                                   mentor_capacity, hours_per_month)
            SELECT tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee,
                   registered_at, version, status, time_zone, languages, meeting_formats, location, mentor_capacity, hours_per_month
            FROM jsonb_to_recordset(@Rows::jsonb) AS r (
                tenant_id text, person_id uuid, display_name text, area_of_work text, seniority_level smallint, skills jsonb,
                is_mentor boolean, is_mentee boolean, registered_at timestamptz, version bigint, status smallint, time_zone text,
                languages text[], meeting_formats smallint[], location text, mentor_capacity integer, hours_per_month integer)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = excluded.display_name, area_of_work = excluded.area_of_work,
                seniority_level = excluded.seniority_level, skills = excluded.skills,
                is_mentor = excluded.is_mentor, is_mentee = excluded.is_mentee,
                version = excluded.version, status = excluded.status,
                time_zone = excluded.time_zone, languages = excluded.languages, meeting_formats = excluded.meeting_formats,
                location = excluded.location, mentor_capacity = excluded.mentor_capacity, hours_per_month = excluded.hours_per_month
            WHERE candidate.version < excluded.version
            """,
            new { Rows = JsonSerializer.Serialize(last) }, context.Transaction, cancellationToken: ct));
    }
}
