using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Participants.GetParticipant;

namespace Mentoring.Feedback;

/// <summary>The API of mentoring.feedback.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class FeedbackGrpcService(GetParticipantHandler getParticipant, AuditLog audit, TenantDatabase tenantDb) : FeedbackService.FeedbackServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        getParticipant.HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
