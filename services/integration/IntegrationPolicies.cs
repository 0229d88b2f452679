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
        // Webhooks are the organisation's configuration: administrators with events.write; changes audited.
        RpcPolicy.For(Service, "CreateWebhook", "events.write").AllowAdministrators()
            .Audited<CreateWebhookRequest, Webhook>((_, response) => response?.Name),
        RpcPolicy.For(Service, "ListWebhooks", "events.write").AllowAdministrators(),
        RpcPolicy.For(Service, "DeleteWebhook", "events.write").AllowAdministrators()
            .Audited<DeleteWebhookRequest, Google.Protobuf.WellKnownTypes.Empty>((request, _) => request.Name),
        RpcPolicy.For(Service, "RotateWebhookSecret", "events.write").AllowAdministrators()
            .Audited<RotateWebhookSecretRequest, Webhook>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListDeliveries", "events.write").AllowAdministrators(),
        RpcPolicy.For(Service, "ReplayDelivery", "events.write").AllowAdministrators()
            .Audited<ReplayDeliveryRequest, Delivery>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListAuditRecords", "events.write").AllowAdministrators(),
    ]);
}
