using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Competencies.GetCompetency;

/// <summary>One competency of the caller's organisation's framework.</summary>
public sealed class GetCompetencyHandler(TenantDatabase db)
{
    public async Task<Competency> HandleAsync(GetCompetencyRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(CompetencyRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be competencies/{competency_id}");
        var tenantId = db.TenantId;
        var row = await db.InTransactionAsync((c, tx, token) => c.QuerySingleOrDefaultAsync<CompetencyRecord>(new CommandDefinition(
            $"SELECT {CompetencyRecord.SelectColumns} FROM competency WHERE tenant_id = @tenantId AND id = @id",
            new { tenantId, id }, tx, cancellationToken: token)), ct);
        return row?.ToProto() ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
    }
}
