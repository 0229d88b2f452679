using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Health;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.Surveys.FitChecks;

/// <summary>
/// "Is this working for you?" — fit checks fall due on <see cref="FitCheckSchedule"/> from when the
/// relationship became active (computed, not stored). Each participant answers each check once and
/// sees only their own answer and how many answered; "not working" marks the relationship at risk.
/// </summary>
public sealed class FitCheckHandlers(TenantDatabase db, SurveyText text, HealthMonitor health, TimeProvider clock)
{
    public const string Collection = "fitChecks";

    private sealed record Schedule(DateTime? ActiveSince, int IntervalDays, int Participants);

    private sealed record Answer(int Number, Guid RespondentId, bool Working, byte[] Comment, DateTime AnsweredAt);

    public async Task<ListFitChecksResponse> ListAsync(ListFitChecksRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var schedule = await ScheduleAsync(c, tx, tenantId, relationshipId, token);
            var response = new ListFitChecksResponse();
            if (schedule.ActiveSince is not { } since) return response;
            var answers = (await AnswersAsync(c, tx, tenantId, relationshipId, token)).ToLookup(a => a.Number);
            foreach (var (number, dueAt) in FitCheckSchedule.DueUntil(since, clock.GetUtcNow().UtcDateTime, schedule.IntervalDays))
                response.FitChecks.Add(await ViewAsync(c, tx, tenantId, relationshipId, number, dueAt, answers[number].ToList(), me, schedule.Participants, token));
            return response;
        }, ct);
    }

    public async Task<FitCheck> AnswerAsync(AnswerFitCheckRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var (relationshipId, number) = Parse(request.Name, v);
        if (request.Answer is not (FitAnswer.Working or FitAnswer.NotWorking)) v.Add("answer", "must be WORKING or NOT_WORKING");
        v.MaxLength("comment", request.Comment, 1000);
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var parent = ResourceName.Format(RelationshipRow.Collection, relationshipId);
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, parent, token);
            relationship.EnsureParticipant(me, "answer fit checks");
            var schedule = await ScheduleAsync(c, tx, tenantId, relationshipId, token);
            var due = schedule.ActiveSince is { } since ? FitCheckSchedule.DueUntil(since, clock.GetUtcNow().UtcDateTime, schedule.IntervalDays) : [];
            if (number > due.Count)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} is not due yet."));
            var comment = await text.SealAsync(c, tx, tenantId, request.Comment, Place(relationshipId, number, me), token);
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO fit_check_answer (tenant_id, relationship_id, number, respondent_id, working, comment)
                VALUES (@tenantId, @relationshipId, @number, @me, @working, @comment) ON CONFLICT DO NOTHING
                """, new { tenantId, relationshipId, number, me, working = request.Answer == FitAnswer.Working, comment }, tx, cancellationToken: token));
            if (inserted == 0) throw new RpcException(new Status(StatusCode.AlreadyExists, $"You already answered {request.Name}."));
            await health.EvaluateAsync(c, tx, tenantId, relationshipId, token);
            var answers = (await AnswersAsync(c, tx, tenantId, relationshipId, token)).Where(a => a.Number == number).ToList();
            return await ViewAsync(c, tx, tenantId, relationshipId, number, due[number - 1].DueAt, answers, me, schedule.Participants, token);
        }, ct);
    }

    private async Task<FitCheck> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, int number, DateTime dueAt,
        IReadOnlyList<Answer> answers, Guid me, int participants, CancellationToken ct)
    {
        var relationship = ResourceName.Format(RelationshipRow.Collection, relationshipId);
        var check = new FitCheck
        {
            Name = $"{relationship}/{Collection}/{number}", DueTime = ContentNames.Utc(dueAt),
            Answered = answers.Count, Participants = participants,
            NoFaultExit = $"POST /matching/v1/{relationship}:transition {{\"state\": \"RELATIONSHIP_STATE_CLOSED\", \"closeReason\": \"CLOSE_REASON_NO_FIT\"}}",
        };
        if (answers.FirstOrDefault(a => a.RespondentId == me) is { } mine)
        {
            check.Answer = mine.Working ? FitAnswer.Working : FitAnswer.NotWorking;
            check.Comment = await text.OpenAsync(c, tx, tenantId, mine.Comment, Place(relationshipId, number, me), ct);
            check.AnswerTime = ContentNames.Utc(mine.AnsweredAt);
        }
        return check;
    }

    private static Task<Schedule> ScheduleAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct) =>
        c.QuerySingleAsync<Schedule>(new CommandDefinition(
            """
            SELECT r.active_since AS ActiveSince, coalesce(a.fit_interval_days, 0) AS IntervalDays,
                   (SELECT count(*)::int FROM relationship_participant p WHERE p.tenant_id = r.tenant_id AND p.relationship_id = r.id) AS Participants
            FROM relationship r LEFT JOIN agreement a ON a.tenant_id = r.tenant_id AND a.relationship_id = r.id
            WHERE r.tenant_id = @tenantId AND r.id = @relationshipId
            """, new { tenantId, relationshipId }, tx, cancellationToken: ct));

    private static async Task<IReadOnlyList<Answer>> AnswersAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct) =>
        (await c.QueryAsync<Answer>(new CommandDefinition(
            """
            SELECT number, respondent_id AS RespondentId, working, comment, answered_at AS AnsweredAt
            FROM fit_check_answer WHERE tenant_id = @tenantId AND relationship_id = @relationshipId
            """, new { tenantId, relationshipId }, tx, cancellationToken: ct))).ToList();

    private static (Guid Relationship, int Number) Parse(string? name, Violations v)
    {
        if (NestedName.TryParse(name, RelationshipRow.Collection, Collection, out Guid relationship, out string number)
            && int.TryParse(number, System.Globalization.NumberStyles.None, null, out var n) && n is >= 1 and <= 1000)
            return (relationship, n);
        v.Add("name", "must be relationships/{relationship_id}/fitChecks/{number}");
        return (Guid.Empty, 0);
    }

    private static string Place(Guid relationshipId, int number, Guid respondent) => $"fit_check_answer/{relationshipId}/{number}/{respondent}/comment";
}
