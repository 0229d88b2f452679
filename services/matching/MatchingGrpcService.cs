using Mentoring.Matching.Reports;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Candidates.ListCandidates;
using Mentoring.Matching.Programmes.CreateProgramme;
using Mentoring.Matching.Programmes.UpdateProgramme;
using Mentoring.Matching.Programmes.Enrol;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Programmes.ListEnrolments;
using Mentoring.Matching.Programmes.ListProgrammes;
using Mentoring.Matching.Relationships.AddCoMentor;
using Mentoring.Matching.Relationships.GetRelationship;
using Mentoring.Matching.Requests.ListMentorRequests;
using Mentoring.Matching.Requests.ListSuggestions;
using Mentoring.Matching.Requests.RequestMentors;
using Mentoring.Matching.Requests.RespondToMentorRequest;
using Mentoring.Matching.Runs.GetMatchingRun;
using Mentoring.Matching.Speed.PlanSpeedRotation;
using Mentoring.Matching.Runs.PublishMatchingRun;
using Mentoring.Matching.Runs.ReviewMatchingRun;
using Mentoring.Matching.Runs.RunMatching;
using Mentoring.Matching.Relationships.ListRelationships;
using Mentoring.Matching.Relationships.TransitionRelationship;

namespace Mentoring.Matching;

/// <summary>The API of mentoring.matching.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class MatchingGrpcService(
    ListCandidatesHandler listCandidates,
    CreateProgrammeHandler createProgramme, UpdateProgrammeHandler updateProgramme, GetProgrammeHandler getProgramme, ListProgrammesHandler listProgrammes,
    EnrolHandler enrol, ListEnrolmentsHandler listEnrolments,
    RunMatchingHandler runMatching, GetMatchingRunHandler getMatchingRun, ReviewMatchingRunHandler reviewMatchingRun,
    PublishMatchingRunHandler publishMatchingRun,
    ListSuggestionsHandler listSuggestions, RequestMentorsHandler requestMentors, RespondToMentorRequestHandler respondToMentorRequest,
    ListMentorRequestsHandler listMentorRequests, PlanSpeedRotationHandler planSpeedRotation,
    GetRelationshipHandler getRelationship, ListRelationshipsHandler listRelationships, TransitionRelationshipHandler transitionRelationship,
    AddCoMentorHandler addCoMentor, GetProgrammeReportSectionHandler reportSection, ListReportProgrammesHandler reportProgrammes,
    AuditLog audit, TenantDatabase tenantDb) : MatchingService.MatchingServiceBase
{
    public override Task<ListCandidatesResponse> ListCandidates(ListCandidatesRequest request, ServerCallContext context) =>
        listCandidates.HandleAsync(request, context.CancellationToken);

    public override Task<Programme> CreateProgramme(CreateProgrammeRequest request, ServerCallContext context) =>
        createProgramme.HandleAsync(request, context.CancellationToken);

    public override Task<Programme> UpdateProgramme(UpdateProgrammeRequest request, ServerCallContext context) =>
        updateProgramme.HandleAsync(request, context.CancellationToken);

    public override Task<Programme> GetProgramme(GetProgrammeRequest request, ServerCallContext context) =>
        getProgramme.HandleAsync(request, context.CancellationToken);

    public override Task<ListProgrammesResponse> ListProgrammes(ListProgrammesRequest request, ServerCallContext context) =>
        listProgrammes.HandleAsync(request, context.CancellationToken);

    public override Task<Enrolment> Enrol(EnrolRequest request, ServerCallContext context) =>
        enrol.HandleAsync(request, context.CancellationToken);

    public override Task<ListEnrolmentsResponse> ListEnrolments(ListEnrolmentsRequest request, ServerCallContext context) =>
        listEnrolments.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MatchingRun> RunMatching(RunMatchingRequest request, ServerCallContext context) =>
        runMatching.HandleAsync(request, context.CancellationToken);

    public override Task<MatchingRun> GetMatchingRun(GetMatchingRunRequest request, ServerCallContext context) =>
        getMatchingRun.HandleAsync(request, context.CancellationToken);

    public override Task<MatchingRun> ReviewMatchingRun(ReviewMatchingRunRequest request, ServerCallContext context) =>
        reviewMatchingRun.HandleAsync(request, context.CancellationToken);

    public override Task<MatchingRun> PublishMatchingRun(PublishMatchingRunRequest request, ServerCallContext context) =>
        publishMatchingRun.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListSuggestionsResponse> ListSuggestions(ListSuggestionsRequest request, ServerCallContext context) =>
        listSuggestions.HandleAsync(request, context.CancellationToken);

    public override Task<RequestMentorsResponse> RequestMentors(RequestMentorsRequest request, ServerCallContext context) =>
        requestMentors.HandleAsync(request, context.CancellationToken);

    public override Task<MentorRequest> RespondToMentorRequest(RespondToMentorRequestRequest request, ServerCallContext context) =>
        respondToMentorRequest.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListMentorRequestsResponse> ListMentorRequests(ListMentorRequestsRequest request, ServerCallContext context) =>
        listMentorRequests.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SpeedRotation> PlanSpeedRotation(PlanSpeedRotationRequest request, ServerCallContext context) =>
        planSpeedRotation.HandleAsync(request, context.CancellationToken);

    public override Task<Relationship> GetRelationship(GetRelationshipRequest request, ServerCallContext context) =>
        getRelationship.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListRelationshipsResponse> ListRelationships(ListRelationshipsRequest request, ServerCallContext context) =>
        listRelationships.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Relationship> TransitionRelationship(TransitionRelationshipRequest request, ServerCallContext context) =>
        transitionRelationship.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Relationship> AddCoMentor(AddCoMentorRequest request, ServerCallContext context) =>
        addCoMentor.HandleAsync(request, context.CancellationToken);

    public override Task<Contracts.Reporting.V1.ReportSection> GetProgrammeReportSection(
        Contracts.Reporting.V1.GetProgrammeReportSectionRequest request, ServerCallContext context) =>
        reportSection.HandleAsync(request, context.CancellationToken);

    public override Task<ListReportProgrammesResponse> ListReportProgrammes(ListReportProgrammesRequest request, ServerCallContext context) =>
        reportProgrammes.HandleAsync(context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }

}
