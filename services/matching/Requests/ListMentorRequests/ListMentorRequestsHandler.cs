using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Requests.ListMentorRequests;

/// <summary>A programme's mentor requests: all for administrators and applications, one's own for a person.</summary>
public sealed class ListMentorRequestsHandler(TenantDatabase db, TimeProvider clock)
{
    public async Task<ListMentorRequestsResponse> HandleAsync(ListMentorRequestsRequest request, Caller caller, CancellationToken ct)
    {
        var programmeId = GetProgrammeHandler.ParseOrThrow(request.Programme, "programme");
        var v = new Violations();
        if (request.PageSize is < 0 or > 100) v.Add("page_size", "must be between 0 and 100");
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, request.Programme, out var key)) after = key;
            else v.Add("page_token", "is not a token this service issued for this programme");
        }
        v.ThrowIfAny();
        var size = request.PageSize == 0 ? 20 : request.PageSize;
        Guid? person = null;
        if (caller.Kind == CallerKind.Person)
            person = ResourceName.TryParse("people", caller.Person, out var self) ? self
                : throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: the token names no person."));
        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) is null)
                throw Programmes.ProgrammeRecord.NotFound(request.Programme);
            return await c.QueryAsync<MentorRequestRecord>(new CommandDefinition(
            $"""
            SELECT {MentorRequestRecord.Columns} FROM mentor_request
            WHERE tenant_id = @tenantId AND programme_id = @programmeId
              AND (@person::uuid IS NULL OR mentee_id = @person OR mentor_id = @person)
              AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """, new { tenantId, programmeId, person, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1 }, tx, cancellationToken: token));
        }, ct);
        var page = rows.ToList();
        var response = new ListMentorRequestsResponse { Requests = { page.Take(size).Select(r => r.ToProto(now)) } };
        // The notes are between the mentee and the mentor: others see who asked whom and how it ended, not what was said.
        if (person is null)
            foreach (var r in response.Requests)
            {
                r.Message = "";
                r.ResponseNote = "";
            }
        if (page.Count > size) response.NextPageToken = KeysetToken.Encode(page[size - 1].CreatedAt, page[size - 1].Id, request.Programme);
        return response;
    }
}
