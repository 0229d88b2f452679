using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.Surveys.ClosingEvaluations;

/// <summary>Closing evaluations of a relationship that is ending, shown by the <see cref="DoubleBlind"/> rule.</summary>
public sealed class ClosingEvaluationHandlers(TenantDatabase db, SurveyText text, TimeProvider clock)
{
    public const string Collection = "closingEvaluations";

    private sealed record Row(Guid RespondentId, byte[] Learned, short Rating, short WouldRecommend, DateTime CreatedAt);

    public async Task<ClosingEvaluation> SubmitAsync(SubmitClosingEvaluationRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId)) v.Add("parent", "must be relationships/{relationship_id}");
        if (request.ClosingEvaluation is not { } e) v.Add("closing_evaluation", "is required");
        else
        {
            v.MaxLength("closing_evaluation.learned", e.Learned, 4000);
            if (e.Rating is < 1 or > 5) v.Add("closing_evaluation.rating", "must be between 1 and 5");
            if (e.WouldRecommend is < 0 or > 10) v.Add("closing_evaluation.would_recommend", "must be between 0 and 10");
        }
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            relationship.EnsureParticipant(me, "evaluate the relationship");
            var closingSince = await ClosingSinceAsync(c, tx, tenantId, relationshipId, token)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Parent} is not closing: evaluations are taken when it ends."));
            if (!DoubleBlind.Open(clock.GetUtcNow().UtcDateTime, closingSince))
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The evaluation window of {request.Parent} has closed."));
            var learned = await text.SealAsync(c, tx, tenantId, request.ClosingEvaluation!.Learned, Place(relationshipId, me), token);
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO closing_evaluation (tenant_id, relationship_id, respondent_id, learned, rating, would_recommend)
                VALUES (@tenantId, @relationshipId, @me, @learned, @rating, @wouldRecommend) ON CONFLICT DO NOTHING
                """, new { tenantId, relationshipId, me, learned, rating = (short)request.ClosingEvaluation.Rating,
                    wouldRecommend = (short)request.ClosingEvaluation.WouldRecommend }, tx, cancellationToken: token));
            if (inserted == 0) throw new RpcException(new Status(StatusCode.AlreadyExists, "You already evaluated this relationship."));
            var row = (await RowsAsync(c, tx, tenantId, relationshipId, token)).Single(r => r.RespondentId == me);
            return await ViewAsync(c, tx, tenantId, relationshipId, row, token);
        }, ct);
    }

    public async Task<ListClosingEvaluationsResponse> ListAsync(ListClosingEvaluationsRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var response = new ListClosingEvaluationsResponse();
            if (await ClosingSinceAsync(c, tx, tenantId, relationshipId, token) is not { } closingSince) return response;
            var rows = await RowsAsync(c, tx, tenantId, relationshipId, token);
            var now = clock.GetUtcNow().UtcDateTime;
            var participants = relationship.Members.Select(m => m.PersonId).ToList();
            var answered = rows.Select(r => r.RespondentId).ToList();
            var visible = DoubleBlind.Visible(me, now, closingSince, participants, answered).ToHashSet();
            foreach (var row in rows.Where(r => visible.Contains(r.RespondentId)))
                response.ClosingEvaluations.Add(await ViewAsync(c, tx, tenantId, relationshipId, row, token));
            response.Revealed = DoubleBlind.Revealed(now, closingSince, participants, answered);
            response.RevealTime = ContentNames.Utc(DoubleBlind.RevealAt(closingSince));
            return response;
        }, ct);
    }

    private static Task<DateTime?> ClosingSinceAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct) =>
        c.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT closing_since FROM relationship WHERE tenant_id = @tenantId AND id = @relationshipId",
            new { tenantId, relationshipId }, tx, cancellationToken: ct));

    private static async Task<IReadOnlyList<Row>> RowsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct) =>
        (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT respondent_id AS RespondentId, learned, rating, would_recommend AS WouldRecommend, created_at AS CreatedAt
            FROM closing_evaluation WHERE tenant_id = @tenantId AND relationship_id = @relationshipId ORDER BY created_at, respondent_id
            """, new { tenantId, relationshipId }, tx, cancellationToken: ct))).ToList();

    private async Task<ClosingEvaluation> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, Row row, CancellationToken ct) => new()
    {
        Name = $"{ResourceName.Format(RelationshipRow.Collection, relationshipId)}/{Collection}/{row.RespondentId}",
        Respondent = ContentNames.Person(row.RespondentId),
        Learned = await text.OpenAsync(c, tx, tenantId, row.Learned, Place(relationshipId, row.RespondentId), ct),
        Rating = row.Rating, WouldRecommend = row.WouldRecommend,
        CreateTime = ContentNames.Utc(row.CreatedAt),
    };

    private static string Place(Guid relationshipId, Guid respondent) => $"closing_evaluation/{relationshipId}/{respondent}/learned";
}
