using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Integration.Webhooks;
using Mentoring.Integration.WatchEvents;

namespace Mentoring.Integration;

/// <summary>The API of mentoring.integration.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class IntegrationGrpcService(AuditLog audit, TenantDatabase tenantDb) : IntegrationService.IntegrationServiceBase
{
    public override Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context) =>
        Handler<WatchEventsHandler>(context).HandleAsync(request, responseStream, context.Caller(), context);

    public override Task<Webhook> CreateWebhook(CreateWebhookRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).CreateAsync(request, context.CancellationToken);

    public override Task<ListWebhooksResponse> ListWebhooks(ListWebhooksRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).ListAsync(request, context.CancellationToken);

    public override Task<Empty> DeleteWebhook(DeleteWebhookRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).DeleteAsync(request, context.CancellationToken);

    public override Task<Webhook> RotateWebhookSecret(RotateWebhookSecretRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).RotateSecretAsync(request, context.CancellationToken);

    public override Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).ListDeliveriesAsync(request, context.CancellationToken);

    public override Task<Delivery> ReplayDelivery(ReplayDeliveryRequest request, ServerCallContext context) =>
        Handler<WebhookHandlers>(context).ReplayAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }

    private static T Handler<T>(ServerCallContext context) where T : notnull =>
        context.GetHttpContext().RequestServices.GetRequiredService<T>();
}
