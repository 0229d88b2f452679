using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.GetPerson;

/// <summary>One person of the caller's organisation by resource name.</summary>
public sealed class GetPersonHandler(TenantDatabase db)
{
    public async Task<Person> HandleAsync(GetPersonRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be people/{person_id}");
        var tenantId = db.TenantId;
        var row = await db.InTransactionAsync((c, tx, token) => c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
            $"SELECT {PersonRecord.SelectColumns} FROM person WHERE tenant_id = @tenantId AND id = @id",
            new { tenantId, id }, tx, cancellationToken: token)), ct);
        return row?.ToProto() ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
    }
}
