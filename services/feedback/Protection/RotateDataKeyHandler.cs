using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback.Protection;

/// <summary>An administrator rotates the organisation's data key; the ring seals with the newest version from then on.</summary>
public sealed class RotateDataKeyHandler(TenantDatabase db, DataKeyRing keys)
{
    public const string Name = "dataKey";

    public async Task<DataKey> HandleAsync(CancellationToken ct) =>
        new() { Name = Name, Version = await keys.RotateAsync(db.TenantId, ct) };
}
