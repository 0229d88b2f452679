using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Availability.GetAvailability;

/// <summary>A person's availability: weekly windows, exceptions and the person's time zone.</summary>
public sealed class GetAvailabilityHandler(TenantDatabase db)
{
    public async Task<Proto.Availability> HandleAsync(Proto.GetAvailabilityRequest request, CancellationToken ct)
    {
        if (!AvailabilityRecord.TryParseName(request.Name, out var personId))
            throw Violations.Single("name", "must be people/{person_id}/availability");
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => AvailabilityStore.LoadAsync(c, tx, tenantId, personId, token), ct);
        return record?.ToProto() ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
    }
}
