using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;

using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.SessionRecords.GetSessionRecord;

/// <summary>One session record, for a participant (private notes only for its author).</summary>
public sealed class GetSessionRecordHandler(TenantDatabase db, SessionRecordStore store)
{
    public async Task<SessionRecord> HandleAsync(GetSessionRecordRequest request, Caller caller, CancellationToken ct)
    {
        var (relationshipId, id) = SessionRecordStore.Parse(request.Name, "name");
        var reader = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var row = await SessionRecordStore.LoadAsync(c, tx, tenantId, relationshipId, id, token)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
            return await store.ViewAsync(c, tx, tenantId, row, reader, token);
        }, ct);
    }
}
