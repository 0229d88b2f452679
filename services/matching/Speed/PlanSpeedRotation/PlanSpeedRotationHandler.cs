using Google.Protobuf.WellKnownTypes;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using SpeedEngine = Mentoring.Matching.Engine.Speed;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Runs;
using SpeedRound = Mentoring.Contracts.Matching.V1.SpeedRound;
using SpeedMeeting = Mentoring.Contracts.Matching.V1.SpeedMeeting;

namespace Mentoring.Matching.Speed.PlanSpeedRotation;

/// <summary>Plans the rounds of a speed-mentoring event with the engine and hands them to scheduling by event.</summary>
public sealed class PlanSpeedRotationHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public const int MaxRounds = 50;

    public async Task<SpeedRotation> HandleAsync(PlanSpeedRotationRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(ProgrammeRecord.Collection, request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        if (request.Rounds is < 1 or > MaxRounds) v.Add("rounds", $"must be between 1 and {MaxRounds}");
        v.MaxLength("request_id", request.RequestId, 100);
        if (request.StartTime is null) v.Add("start_time", "is required");
        else if (request.StartTime.Seconds is < 0 or > 253402300799 - 86400 || request.StartTime.Nanos is < 0 or > 999_999_999)
            v.Add("start_time", "must be a valid time");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var programme = await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) ?? throw ProgrammeRecord.NotFound(request.Programme);
            if (request.RequestId.Length > 0 && await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                    "SELECT rotation::text FROM speed_plan WHERE tenant_id = @tenantId AND request_id = @RequestId",
                    new { tenantId, request.RequestId }, tx, cancellationToken: token)) is { } earlier)
                return SpeedRotation.Parser.ParseJson(earlier);
            if ((MentoringModel)programme.Model != MentoringModel.Speed)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Programme} is not a speed-mentoring programme; run matching instead."));
            var rules = programme.EngineRules;
            var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, programmeId, clock.GetUtcNow().UtcDateTime, token);
            // Nobody talks to someone in their own reporting line.
            // Nobody meets themself (enrolled in both roles), and only active people take part.
            var mentees = people.Mentees.Where(p => p.IsActive).ToList();
            var mentors = people.Mentors.Where(p => p.IsActive).ToList();
            var excluded = mentees.SelectMany(e => mentors
                    .Where(m => m.Id == e.Id || e.LineManagerChain.Contains(m.Id) || m.LineManagerChain.Contains(e.Id))
                    .Select(m => (e.Id, m.Id)))
                .ToHashSet();
            var plan = SpeedEngine.SpeedRotation.Plan(mentees.Select(p => p.Id).ToList(), mentors.Select(p => p.Id).ToList(), request.Rounds, excluded);
            if (!plan.IsComplete) throw Violations.Single("rounds", string.Join(" ", plan.Problems));

            var start = request.StartTime!.ToDateTime();
            var planId = Guid.CreateVersion7();
            var rotation = new SpeedRotation
            {
                Name = $"{ProgrammeRecord.NameOf(programmeId)}/speedPlans/{planId}", Programme = request.Programme, SessionMinutes = rules.SessionMinutes,
            };
            foreach (var round in plan.Rounds)
            {
                var r = new SpeedRound
                {
                    Number = round.Number,
                    StartTime = Timestamp.FromDateTime(start.AddMinutes((round.Number - 1) * rules.SessionMinutes)),
                };
                r.Meetings.AddRange(round.Meetings.Select(m => new SpeedMeeting { Mentee = Person(m.Mentee), Mentor = Person(m.Mentor) }));
                r.MenteesOnBreak.AddRange(round.MenteesOnBreak.Select(Person));
                r.MentorsResting.AddRange(round.MentorsResting.Select(Person));
                rotation.Rounds.Add(r);
            }
            // Two calls racing with one key: one inserts and emits; the other returns the winner's plan.
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO speed_plan (tenant_id, id, programme_id, request_id, rotation) VALUES (@tenantId, @planId, @programmeId, @RequestId, @rotation::jsonb)
                ON CONFLICT (tenant_id, request_id) WHERE request_id <> '' DO NOTHING
                """, new { tenantId, planId, programmeId, request.RequestId, rotation = Google.Protobuf.JsonFormatter.Default.Format(rotation) }, tx, cancellationToken: token));
            if (inserted == 0)
                return SpeedRotation.Parser.ParseJson(await c.QuerySingleAsync<string>(new CommandDefinition(
                    "SELECT rotation::text FROM speed_plan WHERE tenant_id = @tenantId AND request_id = @RequestId", new { tenantId, request.RequestId }, tx, cancellationToken: token)));
            await outbox.EnqueueAsync(new SpeedRotationPlanned { Rotation = rotation }, tenantId, c, tx, token);
            return rotation;
        }, ct);
    }

    private static string Person(Guid id) => ResourceName.Format("people", id);
}
