using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling;

/// <summary>Who may call each RPC of mentoring.scheduling.v1.</summary>
public static class SchedulingPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = SchedulingService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "GetParticipant", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetParticipantRequest>(r => r.Name),
        RpcPolicy.For(Service, "ListAuditRecords", "scheduling.read").AllowAdministrators(),
    ]);
}
