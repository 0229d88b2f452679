using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.BuildingBlocks.Paging;

namespace Mentoring.Matching.Relationships.ListRelationships;

/// <summary>
/// Relationships newest first, keyset-paged. Administrators and applications see the organisation's;
/// a person sees only those they take part in.
/// </summary>
public sealed class ListRelationshipsHandler(TenantDatabase db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<ListRelationshipsResponse> HandleAsync(ListRelationshipsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        Guid? programmeId = null, personId = null;
        if (request.Programme.Length > 0)
        {
            if (ResourceName.TryParse("programmes", request.Programme, out var p)) programmeId = p;
            else v.Add("programme", "must be programmes/{programme_id}");
        }
        if (request.Person.Length > 0)
        {
            if (ResourceName.TryParse("people", request.Person, out var p)) personId = p;
            else v.Add("person", "must be people/{person_id}");
        }
        if (!Enum.IsDefined(request.State)) v.Add("state", "must be a relationship state");
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, Scope(programmeId, personId, request.State), out var key)) after = key;
            else v.Add("page_token", "is not a token this service issued for these filters");
        }
        v.ThrowIfAny();

        // A person sees only relationships they take part in; a person filter then names a co-participant.
        Guid? viewer = null;
        if (caller.Kind == CallerKind.Person)
            viewer = ResourceName.TryParse("people", caller.Person, out var self) ? self
                : throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: the token names no person."));

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = db.TenantId;
        var page = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var rows = (await c.QueryAsync<RelationshipRecord>(new CommandDefinition(
                $"""
                SELECT {RelationshipStore.Columns}
                FROM relationship r
                WHERE tenant_id = @tenantId
                  AND (@programmeId::uuid IS NULL OR programme_id = @programmeId)
                  AND (@state = 0 OR state = @state)
                  AND (@personId::uuid IS NULL OR EXISTS (SELECT 1 FROM relationship_participant p
                        WHERE p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.person_id = @personId))
                  AND (@viewer::uuid IS NULL OR EXISTS (SELECT 1 FROM relationship_participant p
                        WHERE p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.person_id = @viewer))
                  AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
                ORDER BY created_at DESC, id DESC
                LIMIT @limit
                """,
                new { tenantId, programmeId, personId, viewer, state = (short)request.State, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1 },
                tx, cancellationToken: token))).ToList();
            await RelationshipStore.FillAsync(c, tx, tenantId, rows, token);
            return rows;
        }, ct);

        var response = new ListRelationshipsResponse();
        response.Relationships.AddRange(page.Take(size).Select(r => RelationshipView.For(r.ToProto(), caller)));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = KeysetToken.Encode(last.CreatedAt, last.Id, Scope(programmeId, personId, request.State));
        }
        return response;
    }

    private static string Scope(Guid? programme, Guid? person, RelationshipState state) => $"{programme}|{person}|{(int)state}";
}
