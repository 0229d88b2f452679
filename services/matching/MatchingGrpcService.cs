using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Candidates.ListCandidates;

namespace Mentoring.Matching;

/// <summary>The API of mentoring.matching.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class MatchingGrpcService(ListCandidatesHandler listCandidates) : MatchingService.MatchingServiceBase
{
    public override Task<ListCandidatesResponse> ListCandidates(ListCandidatesRequest request, ServerCallContext context) =>
        listCandidates.HandleAsync(request, context.CancellationToken);
}
