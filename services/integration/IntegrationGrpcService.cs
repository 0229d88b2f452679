using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Integration.WatchEvents;

namespace Mentoring.Integration;

/// <summary>The API of mentoring.integration.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class IntegrationGrpcService : IntegrationService.IntegrationServiceBase
{
    public override Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context) =>
        Handler<WatchEventsHandler>(context).HandleAsync(request, responseStream, context.Caller(), context);

    private static T Handler<T>(ServerCallContext context) where T : notnull =>
        context.GetHttpContext().RequestServices.GetRequiredService<T>();
}
