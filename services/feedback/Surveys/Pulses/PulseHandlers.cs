using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Health;
using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.Surveys.Pulses;

/// <summary>
/// Pulse after a held meeting: each attendee answers once (1–5, an optional sealed comment), and
/// lists only their own answers. A new answer re-evaluates the relationship's health.
/// </summary>
public sealed class PulseHandlers(TenantDatabase db, SurveyText text, HealthMonitor health)
{
    private sealed record Row(Guid Id, Guid RelationshipId, Guid MeetingId, Guid RespondentId, short Rating, byte[] Comment, DateTime CreatedAt);

    public async Task<Pulse> AnswerAsync(AnswerPulseRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId)) v.Add("parent", "must be relationships/{relationship_id}");
        var meetingId = Guid.Empty;
        if (request.Pulse is not { } p) v.Add("pulse", "is required");
        else
        {
            if (!ResourceName.TryParse("meetings", p.Meeting, out meetingId)) v.Add("pulse.meeting", "must be meetings/{meeting_id}");
            if (p.Rating is < 1 or > 5) v.Add("pulse.rating", "must be between 1 and 5");
            v.MaxLength("pulse.comment", p.Comment, 1000);
        }
        v.ThrowIfAny();
        var respondent = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            relationship.EnsureParticipant(respondent, "answer pulses");
            var attended = await c.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                "SELECT @respondent = ANY(attendees) FROM meeting_outcome WHERE tenant_id = @tenantId AND meeting_id = @meetingId AND relationship_id = @relationshipId AND held",
                new { tenantId, meetingId, relationshipId, respondent }, tx, cancellationToken: token));
            if (attended is null)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Pulse!.Meeting} has not been recorded as held in {request.Parent}."));
            if (attended is false)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"You were recorded as absent from {request.Pulse!.Meeting}."));
            var id = Guid.NewGuid();
            var comment = await text.SealAsync(c, tx, tenantId, request.Pulse!.Comment, Place(id, respondent), token);
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO pulse (tenant_id, id, relationship_id, meeting_id, respondent_id, rating, comment)
                VALUES (@tenantId, @id, @relationshipId, @meetingId, @respondent, @rating, @comment) ON CONFLICT (tenant_id, meeting_id, respondent_id) DO NOTHING
                """, new { tenantId, id, relationshipId, meetingId, respondent, rating = (short)request.Pulse.Rating, comment }, tx, cancellationToken: token));
            if (inserted == 0) throw new RpcException(new Status(StatusCode.AlreadyExists, $"You already answered the pulse of {request.Pulse.Meeting}."));
            await health.EvaluateAsync(c, tx, tenantId, relationshipId, token);
            var row = await c.QuerySingleAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM pulse WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, row, token);
        }, ct);
    }

    public async Task<ListPulsesResponse> ListAsync(ListPulsesRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        var respondent = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM pulse WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND respondent_id = @respondent ORDER BY created_at DESC, id LIMIT 1000",
                new { tenantId, relationshipId, respondent }, tx, cancellationToken: token));
            var response = new ListPulsesResponse();
            foreach (var row in rows) response.Pulses.Add(await ViewAsync(c, tx, tenantId, row, token));
            return response;
        }, ct);
    }

    private const string Columns = "id, relationship_id AS RelationshipId, meeting_id AS MeetingId, respondent_id AS RespondentId, rating, comment, created_at AS CreatedAt";

    private async Task<Pulse> ViewAsync(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct) => new()
    {
        Name = $"{ResourceName.Format(RelationshipRow.Collection, row.RelationshipId)}/pulses/{row.Id}",
        Meeting = ResourceName.Format("meetings", row.MeetingId),
        Rating = row.Rating,
        Comment = await text.OpenAsync(c, tx, tenantId, row.Comment, Place(row.Id, row.RespondentId), ct),
        Respondent = ContentNames.Person(row.RespondentId),
        CreateTime = ContentNames.Utc(row.CreatedAt),
    };

    private static string Place(Guid id, Guid respondent) => $"pulse/{id}/{respondent}/comment";
}
