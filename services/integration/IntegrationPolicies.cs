using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Integration.V1;

namespace Mentoring.Integration;

/// <summary>Who may call each RPC of mentoring.integration.v1.</summary>
public static class IntegrationPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = IntegrationService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        // Partner apps (client credentials) with events.read; each event type also needs its area's
        // read scope, which the handler checks per type (docs/integration.md).
        RpcPolicy.For(Service, "WatchEvents", "events.read").AllowClients(),
    ]);
}
