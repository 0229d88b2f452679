using Grpc.Core;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Participants.GetParticipant;

namespace Mentoring.Scheduling;

/// <summary>The API of mentoring.scheduling.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class SchedulingGrpcService(GetParticipantHandler getParticipant) : SchedulingService.SchedulingServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        getParticipant.HandleAsync(request, context.CancellationToken);
}
