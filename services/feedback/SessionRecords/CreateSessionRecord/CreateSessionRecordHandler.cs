using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Meetings.Projection;
using Mentoring.Feedback.Relationships;
using NodaTime.Text;

namespace Mentoring.Feedback.SessionRecords.CreateSessionRecord;

/// <summary>
/// A participant's record of a meeting scheduling recorded as held in the relationship: one per
/// participant and meeting, sealed at rest. Idempotent by request id.
/// </summary>
public sealed class CreateSessionRecordHandler(TenantDatabase db, SessionRecordStore store)
{
    private static readonly LocalDatePattern DuePattern = LocalDatePattern.Iso;

    public async Task<SessionRecord> HandleAsync(CreateSessionRecordRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId)) v.Add("parent", "must be relationships/{relationship_id}");
        var r = request.SessionRecord;
        var meetingId = Guid.Empty;
        if (r is null) v.Add("session_record", "is required");
        else
        {
            if (!ResourceName.TryParse(MeetingOutcomeProjection.Collection, r.Meeting, out meetingId)) v.Add("session_record.meeting", "must be meetings/{meeting_id}");
            Check(v, r);
        }
        v.ThrowIfAny();
        var author = ContentNames.Acting(caller);

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            relationship.EnsureParticipant(author, "write session records");
            if (request.RequestId.Length > 0 && await c.QuerySingleOrDefaultAsync<SessionRecordRow>(new CommandDefinition(
                    $"SELECT {SessionRecordStore.Columns} FROM session_record WHERE tenant_id = @tenantId AND author_id = @author AND request_id = @RequestId",
                    new { tenantId, author, request.RequestId }, tx, cancellationToken: token)) is { } replay)
                return await store.ViewAsync(c, tx, tenantId, replay, author, token);

            var meetingAt = await c.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
                "SELECT start_at FROM meeting_outcome WHERE tenant_id = @tenantId AND meeting_id = @meetingId AND relationship_id = @relationshipId AND held",
                new { tenantId, meetingId, relationshipId }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"{r!.Meeting} has not been recorded as held in {request.Parent}; records are written after a meeting is held."));
            foreach (var item in r!.ActionItems.Where(i => i.Owner.Length > 0))
                if (!ResourceName.TryParse("people", item.Owner, out var owner) || !relationship.IsParticipant(owner))
                    throw Violations.Single("session_record.action_items.owner", $"{item.Owner} does not take part in the relationship");

            var id = Guid.NewGuid();
            var (shared, privateNotes) = await store.SealAsync(c, tx, tenantId, id, author, Normalised(r), token);
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO session_record (tenant_id, id, relationship_id, meeting_id, author_id, meeting_at, shared_content, private_notes, request_id)
                VALUES (@tenantId, @id, @relationshipId, @meetingId, @author, @meetingAt, @shared, @privateNotes, @RequestId)
                ON CONFLICT (tenant_id, meeting_id, author_id) DO NOTHING
                """, new { tenantId, id, relationshipId, meetingId, author, meetingAt, shared, privateNotes, request.RequestId }, tx, cancellationToken: token));
            if (inserted == 0)
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"You already wrote a record of {r.Meeting}."));
            var row = (await SessionRecordStore.LoadAsync(c, tx, tenantId, relationshipId, id, token))!;
            return await store.ViewAsync(c, tx, tenantId, row, author, token);
        }, ct);
    }

    private static void Check(Violations v, SessionRecord r)
    {
        if (r.Topics.Count > 20) v.Add("session_record.topics", "must have at most 20 entries");
        for (var i = 0; i < r.Topics.Count; i++) v.RequireText($"session_record.topics[{i}]", r.Topics[i], 200);
        v.MaxLength("session_record.decisions", r.Decisions, 4000);
        v.MaxLength("session_record.shared_notes", r.SharedNotes, 8000);
        v.MaxLength("session_record.private_notes", r.PrivateNotes, 8000);
        if (r.ActionItems.Count > 50) v.Add("session_record.action_items", "must have at most 50 entries");
        for (var i = 0; i < r.ActionItems.Count; i++)
        {
            var item = r.ActionItems[i];
            var p = $"session_record.action_items[{i}].";
            v.RequireText(p + "text", item.Text, 500);
            v.MaxLength(p + "goal", item.Goal, 200);
            if (item.Owner.Length > 0 && !ResourceName.TryParse("people", item.Owner, out _)) v.Add(p + "owner", "must be people/{person_id}");
            if (item.DueDate.Length > 0 && !DuePattern.Parse(item.DueDate).Success) v.Add(p + "due_date", "must be a date \"YYYY-MM-DD\"");
        }
    }

    private static SessionRecord Normalised(SessionRecord r)
    {
        var n = new SessionRecord { Decisions = r.Decisions.Trim(), SharedNotes = r.SharedNotes.Trim(), PrivateNotes = r.PrivateNotes.Trim() };
        n.Topics.AddRange(r.Topics.Select(t => t.Trim()));
        n.ActionItems.AddRange(r.ActionItems.Select(i => new ActionItem { Text = i.Text.Trim(), Owner = i.Owner, DueDate = i.DueDate, Goal = i.Goal.Trim() }));
        return n;
    }
}
