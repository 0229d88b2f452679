using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.BuildingBlocks.Paging;

namespace Mentoring.Matching.Programmes.ListProgrammes;

/// <summary>The organisation's programmes, newest first, keyset-paged.</summary>
public sealed class ListProgrammesHandler(TenantDatabase db)
{
    public async Task<ListProgrammesResponse> HandleAsync(ListProgrammesRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (request.PageSize is < 0 or > 100) v.Add("page_size", "must be between 0 and 100");
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, "programmes", out var key)) after = key;
            else v.Add("page_token", "is not a token this service issued");
        }
        v.ThrowIfAny();
        var size = request.PageSize == 0 ? 20 : request.PageSize;
        var tenantId = db.TenantId;
        var rows = (await db.InTransactionAsync((c, tx, token) => c.QueryAsync<ProgrammeRecord>(new CommandDefinition(
            $"""
            SELECT {ProgrammeRecord.SelectColumns} FROM programme
            WHERE tenant_id = @tenantId AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { tenantId, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1 }, tx, cancellationToken: token)), ct)).ToList();
        var response = new ListProgrammesResponse();
        response.Programmes.AddRange(rows.Take(size).Select(r => r.ToProto()));
        if (rows.Count > size)
            response.NextPageToken = KeysetToken.Encode(rows[size - 1].CreatedAt, rows[size - 1].Id, "programmes");
        return response;
    }
}
