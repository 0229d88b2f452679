using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Participants.GetParticipant;

namespace Mentoring.Scheduling;

/// <summary>The API of mentoring.scheduling.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class SchedulingGrpcService(GetParticipantHandler getParticipant, AuditLog audit, TenantDatabase tenantDb) : SchedulingService.SchedulingServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        getParticipant.HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
