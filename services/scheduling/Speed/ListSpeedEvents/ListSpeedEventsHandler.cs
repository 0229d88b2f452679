using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Speed.ListSpeedEvents;

/// <summary>A programme's booked speed events, the latest booked first, keyset-paged on (created_at, id); NOT_FOUND before its first plan.</summary>
public sealed class ListSpeedEventsHandler(TenantDatabase db)
{
    public const int MaxPageSize = 50;

    public async Task<ListSpeedEventsResponse> HandleAsync(ListSpeedEventsRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse("programmes", request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, request.Programme, out var key)) after = key;
            else v.Add("page_token", "was not issued for this programme");
        }
        v.ThrowIfAny();

        var size = request.PageSize == 0 ? 10 : request.PageSize;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var heads = (await c.QueryAsync<(Guid Id, DateTime CreatedAt)>(new CommandDefinition(
                """
                SELECT e.id, e.created_at FROM speed_event e
                JOIN speed_plan p ON p.tenant_id = e.tenant_id AND p.id = e.plan_id
                WHERE e.tenant_id = @tenantId AND p.programme_id = @programmeId
                  AND (@afterAt::timestamptz IS NULL OR (e.created_at, e.id) < (@afterAt, @afterId))
                ORDER BY e.created_at DESC, e.id DESC LIMIT @limit
                """, new { tenantId, programmeId, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1 }, tx, cancellationToken: token))).ToList();
            // Another organisation's programme, or one never planned for, does not exist here: no hint either way.
            if (heads.Count == 0 && !await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM speed_plan WHERE tenant_id = @tenantId AND programme_id = @programmeId)",
                    new { tenantId, programmeId }, tx, cancellationToken: token)))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Programme} has no speed-mentoring plan known here."));
            var response = new ListSpeedEventsResponse();
            foreach (var (id, _) in heads.Take(size))
                response.SpeedEvents.Add((await SpeedEventStore.LoadAsync(c, tx, tenantId, id, token))!.ToProto());
            if (heads.Count > size) response.NextPageToken = KeysetToken.Encode(heads[size - 1].CreatedAt, heads[size - 1].Id, request.Programme);
            return response;
        }, ct);
    }
}
