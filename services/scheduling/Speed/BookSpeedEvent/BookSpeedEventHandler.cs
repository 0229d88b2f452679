using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Engine.Speed;
using Mentoring.Scheduling.Meetings;
using NodaTime;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Speed.BookSpeedEvent;

/// <summary>
/// Books a speed-mentoring event from matching's rotation plan: round times from
/// <see cref="SpeedSchedule"/> (length, changeover, breaks), each mentor at a table of their own
/// for the whole event (mentees rotate), nobody double-booked against their meetings.
/// </summary>
public sealed class BookSpeedEventHandler(TenantDatabase db, TimeProvider clock)
{
    private sealed record PlanRow(Guid ProgrammeId, int SessionMinutes, string Rotation);

    public async Task<SpeedEvent> HandleAsync(BookSpeedEventRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        if (!SpeedNames.TryParsePlan(request.Plan, out _, out var planId)) v.Add("plan", "must be programmes/{programme_id}/speedPlans/{plan_id}");
        var start = v.UtcTime("start_time", request.StartTime, required: false);
        if (start is { } s && s <= now) v.Add("start_time", "must be in the future");
        if (request.RoundMinutes != 0 && request.RoundMinutes is < 3 or > 120) v.Add("round_minutes", "must be between 3 and 120 (0: the plan's)");
        if (request.ChangeoverMinutes is < 0 or > 30) v.Add("changeover_minutes", "must be between 0 and 30");
        if (request.BreakEvery is < 0 or > 50) v.Add("break_every", "must be between 0 and 50");
        if (request.BreakMinutes is < 0 or > 120) v.Add("break_minutes", "must be between 0 and 120");
        else if (request.BreakEvery > 0 && request.BreakMinutes == 0) v.Add("break_minutes", "is required with break_every");
        if (request.Format is not (MeetingFormat.InPerson or MeetingFormat.Video)) v.Add("format", "must be IN_PERSON or VIDEO");
        MeetingPlace.Check(v, "", request.Format is MeetingFormat.InPerson or MeetingFormat.Video ? request.Format : MeetingFormat.Phone,
            request.Location, request.JoinUrl);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var plan = await c.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(
                "SELECT programme_id AS ProgrammeId, session_minutes AS SessionMinutes, rotation::text AS Rotation FROM speed_plan WHERE tenant_id = @tenantId AND id = @planId",
                new { tenantId, planId }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Plan} not found (it may not have reached scheduling yet)."));
            var rotation = SpeedRotation.Parser.ParseJson(plan.Rotation);
            if (rotation.Rounds.Count == 0) throw MeetingRules.Precondition($"{request.Plan} has no rounds.");
            var first = start ?? rotation.Rounds[0].StartTime.ToDateTime();
            if (first <= now) throw Violations.Single("start_time", "is required: the plan's first round is in the past");
            var roundMinutes = request.RoundMinutes > 0 ? request.RoundMinutes : plan.SessionMinutes;
            var times = SpeedSchedule.Rounds(new SpeedTiming(Instant.FromDateTimeUtc(first), Duration.FromMinutes(roundMinutes),
                Duration.FromMinutes(request.ChangeoverMinutes), request.BreakEvery, Duration.FromMinutes(request.BreakMinutes)), rotation.Rounds.Count);

            var tables = rotation.Rounds.SelectMany(r => r.Meetings).Select(m => Person(m.Mentor)).Distinct()
                .Select((mentor, i) => (mentor, table: i + 1)).ToDictionary(x => x.mentor, x => x.table);
            var conversations = rotation.Rounds.Zip(times).SelectMany(pair => pair.First.Meetings.Select(m =>
            {
                var table = tables[Person(m.Mentor)];
                return new ConversationRow(pair.Second.Number, table, Person(m.Mentor), Person(m.Mentee),
                    pair.Second.Start.ToDateTimeUtc(), pair.Second.End.ToDateTimeUtc(), Place(request, table));
            })).ToList();

            var people = conversations.SelectMany(x => new[] { x.MentorId, x.MenteeId }).Distinct().ToList();
            await MeetingConflicts.LockAsync(c, tx, tenantId, people, token);
            if (request.RequestId.Length > 0 && await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    "SELECT id FROM speed_event WHERE tenant_id = @tenantId AND request_id = @RequestId",
                    new { tenantId, request.RequestId }, tx, cancellationToken: token)) is { } existing)
                return (await SpeedEventStore.LoadAsync(c, tx, tenantId, existing, token))!.ToProto();
            foreach (var person in people)
                await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, [person],
                    conversations.Where(x => x.MentorId == person || x.MenteeId == person).Select(x => (x.StartAt, x.EndAt)).ToList(), [], token);

            var id = Guid.NewGuid();
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO speed_event (tenant_id, id, plan_id, format, location, join_url, request_id)
                VALUES (@tenantId, @id, @planId, @format, @location, @joinUrl, @RequestId);
                INSERT INTO speed_conversation (tenant_id, event_id, round, table_no, mentor_id, mentee_id, start_at, end_at, place)
                SELECT @tenantId, @id, * FROM unnest(@rounds, @tables, @mentors, @mentees, @starts, @ends, @places);
                """,
                new
                {
                    tenantId, id, planId, format = (short)request.Format, location = request.Location.Trim(), joinUrl = request.JoinUrl.Trim(), request.RequestId,
                    rounds = conversations.Select(x => x.Round).ToArray(), tables = conversations.Select(x => x.TableNo).ToArray(),
                    mentors = conversations.Select(x => x.MentorId).ToArray(), mentees = conversations.Select(x => x.MenteeId).ToArray(),
                    starts = conversations.Select(x => x.StartAt).ToArray(), ends = conversations.Select(x => x.EndAt).ToArray(),
                    places = conversations.Select(x => x.Place).ToArray(),
                }, tx, cancellationToken: token));
            return (await SpeedEventStore.LoadAsync(c, tx, tenantId, id, token))!.ToProto();
        }, ct);
    }

    private static Guid Person(string name) =>
        Mentoring.BuildingBlocks.Resources.ResourceName.TryParse("people", name, out var id) ? id
            : throw new InvalidOperationException($"A speed plan with a malformed person '{name}'");

    private static string Place(BookSpeedEventRequest request, int table) => request.Format == MeetingFormat.Video
        ? $"{request.JoinUrl.Trim()}{(request.JoinUrl.Contains('?') ? '&' : '?')}room=table-{table}"
        : $"Table {table}, {request.Location.Trim()}";
}
