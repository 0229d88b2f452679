using Dapper;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.SessionRecords.ListSessionRecords;

/// <summary>A relationship's session records, newest meeting first, for a participant.</summary>
public sealed class ListSessionRecordsHandler(TenantDatabase db, SessionRecordStore store)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<ListSessionRecordsResponse> HandleAsync(ListSessionRecordsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId)) v.Add("parent", "must be relationships/{relationship_id}");
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        (DateTime At, Guid Id) after = default;
        var scope = $"session-records:{request.Parent}";
        if (request.PageToken.Length > 0 && !KeysetToken.TryDecode(request.PageToken, scope, out after)) v.Add("page_token", "is not a token of this listing");
        v.ThrowIfAny();
        var reader = ContentNames.Acting(caller);
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var rows = (await c.QueryAsync<SessionRecordRow>(new CommandDefinition(
                $"""
                SELECT {SessionRecordStore.Columns} FROM session_record
                WHERE tenant_id = @tenantId AND relationship_id = @relationshipId
                  AND (NOT @paged OR (meeting_at, id) < (@At, @Id))
                ORDER BY meeting_at DESC, id DESC LIMIT @limit
                """, new { tenantId, relationshipId, paged = request.PageToken.Length > 0, At = DateTime.SpecifyKind(after.At, DateTimeKind.Utc), after.Id, limit = size + 1 }, tx, cancellationToken: token))).ToList();
            var response = new ListSessionRecordsResponse();
            foreach (var row in rows.Take(size)) response.SessionRecords.Add(await store.ViewAsync(c, tx, tenantId, row, reader, token));
            if (rows.Count > size) response.NextPageToken = KeysetToken.Encode(rows[size - 1].MeetingAt, rows[size - 1].Id, scope);
            return response;
        }, ct);
    }
}
