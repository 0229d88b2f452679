using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Competencies.ListPersonCompetencies;

/// <summary>A person's latest standing per competency, with the derived gap and, in the FULL view, the history.</summary>
public sealed class ListPersonCompetenciesHandler(TenantDatabase db)
{
    public async Task<ListPersonCompetenciesResponse> HandleAsync(ListPersonCompetenciesRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Parent, out var personId)) v.Add("parent", "must be people/{person_id}");
        if (!Enum.IsDefined(request.View)) v.Add("view", "must be BASIC or FULL (or unset)");
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var items = await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await PersonCompetencyStore.PersonExistsAsync(c, tx, tenantId, personId, token))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Parent} not found."));
            return await PersonCompetencyStore.ListAsync(c, tx, tenantId, personId, request.View == PersonCompetencyView.Full, token);
        }, ct);
        return new ListPersonCompetenciesResponse { PersonCompetencies = { items } };
    }
}
