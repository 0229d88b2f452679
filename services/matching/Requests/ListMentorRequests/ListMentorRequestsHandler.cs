using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Requests.ListMentorRequests;

/// <summary>A programme's mentor requests: all for administrators and applications, one's own for a person.</summary>
public sealed class ListMentorRequestsHandler(TenantDatabase db, TimeProvider clock)
{
    public async Task<ListMentorRequestsResponse> HandleAsync(ListMentorRequestsRequest request, Caller caller, CancellationToken ct)
    {
        var programmeId = GetProgrammeHandler.ParseOrThrow(request.Programme, "programme");
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
            ORDER BY created_at DESC, priority
            """, new { tenantId, programmeId, person }, tx, cancellationToken: token));
        }, ct);
        return new ListMentorRequestsResponse { Requests = { rows.Select(r => r.ToProto(now)) } };
    }
}
