using Grpc.Core;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Participants.GetParticipant;

namespace Mentoring.Feedback;

/// <summary>The API of mentoring.feedback.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class FeedbackGrpcService(GetParticipantHandler getParticipant) : FeedbackService.FeedbackServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        getParticipant.HandleAsync(request, context.CancellationToken);
}
