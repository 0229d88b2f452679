using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Candidates.ListCandidates;

namespace Mentoring.Matching;

/// <summary>The API of mentoring.matching.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class MatchingGrpcService(ListCandidatesHandler listCandidates, AuditLog audit, TenantDatabase tenantDb) : MatchingService.MatchingServiceBase
{
    public override Task<ListCandidatesResponse> ListCandidates(ListCandidatesRequest request, ServerCallContext context) =>
        listCandidates.HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
