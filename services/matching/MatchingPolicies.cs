using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching;

/// <summary>Who may call each RPC of mentoring.matching.v1.</summary>
public static class MatchingPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = MatchingService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "ListCandidates", "matching.read").AllowAdministrators().AllowClients()
            .AllowSelf<ListCandidatesRequest>(r => r.Mentee),
        RpcPolicy.For(Service, "ListAuditRecords", "matching.read").AllowAdministrators(),
    ]);
}
