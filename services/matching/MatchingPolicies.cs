using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching;

/// <summary>Who may call each RPC of mentoring.matching.v1.</summary>
public static class MatchingPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = MatchingService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "ListCandidates", "matching.read").AllowAdministrators().AllowClients()
            .AllowSelf<ListCandidatesRequest>(r => r.Mentee),
        RpcPolicy.For(Service, "CreateProgramme", "matching.write").AllowAdministrators()
            .Audited<CreateProgrammeRequest, Programme>((_, response) => response?.Name),
        RpcPolicy.For(Service, "UpdateProgramme", "matching.write").AllowAdministrators()
            .Audited<UpdateProgrammeRequest, Programme>((request, _) => request.Programme?.Name),
        RpcPolicy.For(Service, "GetProgramme", "matching.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "ListProgrammes", "matching.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "Enrol", "matching.write").AllowAdministrators().AllowClients()
            .AllowSelf<EnrolRequest>(r => r.Enrolment?.Person)
            .Audited<EnrolRequest, Enrolment>((request, response) => response?.Name ?? request.Programme),
        // People see only a programme's mentors, of a programme they are enrolled in (the handler narrows the listing): whom a declining mentor redirects to.
        RpcPolicy.For(Service, "ListEnrolments", "matching.read").AllowAdministrators().AllowClients().AllowPeople(),
        // Runs are the administrator's work in progress: nothing of a run is visible to participants before publishing.
        RpcPolicy.For(Service, "RunMatching", "matching.write").AllowAdministrators()
            .Audited<RunMatchingRequest, MatchingRun>((request, response) => response?.Name ?? request.Programme),
        RpcPolicy.For(Service, "GetMatchingRun", "matching.read").AllowAdministrators(),
        RpcPolicy.For(Service, "ReviewMatchingRun", "matching.write").AllowAdministrators()
            .Audited<ReviewMatchingRunRequest, MatchingRun>((request, _) => request.Name),
        RpcPolicy.For(Service, "PublishMatchingRun", "matching.write").AllowAdministrators()
            .Audited<PublishMatchingRunRequest, MatchingRun>((request, _) => request.Name),
        RpcPolicy.For(Service, "PlanSpeedRotation", "matching.write").AllowAdministrators()
            .Audited<PlanSpeedRotationRequest, SpeedRotation>((request, _) => request.Programme),
        // Mentee-initiated matching: the mentee asks, the mentor answers (the handler checks it is the mentor asked).
        RpcPolicy.For(Service, "ListSuggestions", "matching.read").AllowAdministrators().AllowSelf<ListSuggestionsRequest>(r => r.Mentee),
        RpcPolicy.For(Service, "RequestMentors", "matching.write").AllowSelf<RequestMentorsRequest>(r => r.Mentee)
            .Audited<RequestMentorsRequest, RequestMentorsResponse>((request, _) => request.Programme),
        RpcPolicy.For(Service, "RespondToMentorRequest", "matching.write").AllowAdministrators().AllowPeople()
            .Audited<RespondToMentorRequestRequest, MentorRequest>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListMentorRequests", "matching.read").AllowAdministrators().AllowClients().AllowPeople(),
        // Relationships: their participants, administrators and applications; never a line manager or colleague.
        RpcPolicy.For(Service, "GetRelationship", "matching.read").AllowAdministrators().AllowClients()
            .AllowParticipants<GetRelationshipRequest>(r => r.Name),
        // People list only their own (the handler narrows the listing to the caller).
        RpcPolicy.For(Service, "ListRelationships", "matching.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "TransitionRelationship", "matching.write").AllowAdministrators()
            .AllowParticipants<TransitionRelationshipRequest>(r => r.Name)
            .Audited<TransitionRelationshipRequest, Relationship>((request, _) => request.Name),
        RpcPolicy.For(Service, "AddCoMentor", "matching.write").AllowAdministrators()
            .Audited<AddCoMentorRequest, Relationship>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListAuditRecords", "matching.read").AllowAdministrators(),
        // Aggregates only, each figure from five people or more: the reporting job (docs/reporting.md).
        RpcPolicy.For(Service, "GetProgrammeReportSection", "reporting.read").AllowClients(),
        RpcPolicy.For(Service, "ListReportProgrammes", "reporting.read").AllowClients(),
    ]);
}
