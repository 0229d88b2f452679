using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Runs.GetMatchingRun;

public sealed class GetMatchingRunHandler(TenantDatabase db)
{
    public async Task<MatchingRun> HandleAsync(GetMatchingRunRequest request, CancellationToken ct)
    {
        var (programmeId, runId) = MatchingRunStore.ParseOrThrow(request.Name, "name");
        var tenantId = db.TenantId;
        var run = await db.InTransactionAsync((c, tx, token) => MatchingRunStore.LoadAsync(c, tx, tenantId, programmeId, runId, token), ct);
        return run?.ToProto() ?? throw MatchingRunStore.NotFound(request.Name);
    }
}
