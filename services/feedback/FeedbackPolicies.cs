using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.GrowthPlans;
using Mentoring.Feedback.Journals;
using Mentoring.Feedback.Metrics;
using Mentoring.Feedback.Observations;
using Mentoring.Feedback.Protection;

namespace Mentoring.Feedback;

/// <summary>Who may call each RPC of mentoring.feedback.v1.</summary>
public static class FeedbackPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = FeedbackService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "GetParticipant", "feedback.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetParticipantRequest>(r => r.Name),
        RpcPolicy.For(Service, "ListAuditRecords", "feedback.read").AllowAdministrators(),
        RpcPolicy.For(Service, "RotateDataKey", "feedback.write").AllowAdministrators()
            .Audited<RotateDataKeyRequest, DataKey>((_, _) => RotateDataKeyHandler.Name),
        // A relationship's content: its participants only — never administrators, applications or a
        // line manager. Every read and write is audited (docs/feedback.md, "Who sees what").
        RpcPolicy.For(Service, "GetAgreement", "feedback.read").AllowParticipants<GetAgreementRequest>(r => r.Name)
            .Audited<GetAgreementRequest, Agreement>((request, _) => request.Name),
        RpcPolicy.For(Service, "UpdateAgreement", "feedback.write").AllowParticipants<UpdateAgreementRequest>(r => r.Agreement?.Name)
            .Audited<UpdateAgreementRequest, Agreement>((request, _) => request.Agreement?.Name),
        RpcPolicy.For(Service, "SignAgreement", "feedback.write").AllowParticipants<SignAgreementRequest>(r => r.Name)
            .Audited<SignAgreementRequest, Agreement>((request, _) => request.Name),
        RpcPolicy.For(Service, "CreateSessionRecord", "feedback.write").AllowParticipants<CreateSessionRecordRequest>(r => r.Parent)
            .Audited<CreateSessionRecordRequest, SessionRecord>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "GetSessionRecord", "feedback.read").AllowParticipants<GetSessionRecordRequest>(r => r.Name)
            .Audited<GetSessionRecordRequest, SessionRecord>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListSessionRecords", "feedback.read").AllowParticipants<ListSessionRecordsRequest>(r => r.Parent)
            .Audited<ListSessionRecordsRequest, ListSessionRecordsResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "AnswerPulse", "feedback.write").AllowParticipants<AnswerPulseRequest>(r => r.Parent)
            .Audited<AnswerPulseRequest, Pulse>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "ListPulses", "feedback.read").AllowParticipants<ListPulsesRequest>(r => r.Parent)
            .Audited<ListPulsesRequest, ListPulsesResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "ListFitChecks", "feedback.read").AllowParticipants<ListFitChecksRequest>(r => r.Parent)
            .Audited<ListFitChecksRequest, ListFitChecksResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "AnswerFitCheck", "feedback.write").AllowParticipants<AnswerFitCheckRequest>(r => r.Name)
            .Audited<AnswerFitCheckRequest, FitCheck>((request, _) => request.Name),
        RpcPolicy.For(Service, "SubmitClosingEvaluation", "feedback.write").AllowParticipants<SubmitClosingEvaluationRequest>(r => r.Parent)
            .Audited<SubmitClosingEvaluationRequest, ClosingEvaluation>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "ListClosingEvaluations", "feedback.read").AllowParticipants<ListClosingEvaluationsRequest>(r => r.Parent)
            .Audited<ListClosingEvaluationsRequest, ListClosingEvaluationsResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "CreateGoal", "feedback.write").AllowParticipants<CreateGoalRequest>(r => r.Parent)
            .Audited<CreateGoalRequest, Goal>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "UpdateGoal", "feedback.write").AllowParticipants<UpdateGoalRequest>(r => r.Goal?.Name)
            .Audited<UpdateGoalRequest, Goal>((request, _) => request.Goal?.Name),
        RpcPolicy.For(Service, "ListGoals", "feedback.read").AllowParticipants<ListGoalsRequest>(r => r.Parent)
            .Audited<ListGoalsRequest, ListGoalsResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "ReviewGoalProgress", "feedback.write").AllowParticipants<ReviewGoalProgressRequest>(r => r.Name)
            .Audited<ReviewGoalProgressRequest, Goal>((request, _) => request.Name),
        RpcPolicy.For(Service, "AssessGoal", "feedback.write").AllowParticipants<AssessGoalRequest>(r => r.Name)
            .Audited<AssessGoalRequest, Goal>((request, _) => request.Name),
        // A journal and a growth plan are their author's alone; what they share, the relationship's participants read.
        RpcPolicy.For(Service, "CreateJournalEntry", "feedback.write").AllowSelf<CreateJournalEntryRequest>(r => r.Parent)
            .Audited<CreateJournalEntryRequest, JournalEntry>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "ListJournalEntries", "feedback.read").AllowSelf<ListJournalEntriesRequest>(r => r.Parent)
            .Audited<ListJournalEntriesRequest, ListJournalEntriesResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "ShareJournalEntry", "feedback.write").AllowSelf<ShareJournalEntryRequest>(r => JournalHandlers.AuthorOf(r.Name))
            .Audited<ShareJournalEntryRequest, JournalEntry>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListSharedJournalEntries", "feedback.read").AllowParticipants<ListSharedJournalEntriesRequest>(r => r.Parent)
            .Audited<ListSharedJournalEntriesRequest, ListJournalEntriesResponse>((request, _) => request.Parent),
        RpcPolicy.For(Service, "GetReflectionPrompts", "feedback.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "UpdateReflectionPrompts", "feedback.write").AllowAdministrators()
            .Audited<UpdateReflectionPromptsRequest, ReflectionPrompts>((request, _) => request.ReflectionPrompts?.Name),
        RpcPolicy.For(Service, "GetGrowthPlan", "feedback.read").AllowSelf<GetGrowthPlanRequest>(r => GrowthPlanHandlers.OwnerOf(r.Name))
            .Audited<GetGrowthPlanRequest, GrowthPlan>((request, _) => request.Name),
        RpcPolicy.For(Service, "UpdateGrowthPlan", "feedback.write").AllowSelf<UpdateGrowthPlanRequest>(r => GrowthPlanHandlers.OwnerOf(r.GrowthPlan?.Name))
            .Audited<UpdateGrowthPlanRequest, GrowthPlan>((request, _) => request.GrowthPlan?.Name),
        RpcPolicy.For(Service, "ListSharedGrowthPlans", "feedback.read").AllowParticipants<ListSharedGrowthPlansRequest>(r => r.Parent)
            .Audited<ListSharedGrowthPlansRequest, ListSharedGrowthPlansResponse>((request, _) => request.Parent),
        // Aggregates only, every figure from five people or more: administrators and the reporting job.
        RpcPolicy.For(Service, "GetProgrammeMetrics", "feedback.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "GetProgrammeReportSection", "reporting.read").AllowClients(),
        RpcPolicy.For(Service, "GetMentorOutcome", "feedback.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetMentorOutcomeRequest>(r => GetMentorOutcomeHandler.MentorOf(r.Name)),
        // Credentialing observations: the rubric is the organisation's procedure; an observation is
        // read by its candidate, its observer and administrators (the handler hides it from anyone else).
        RpcPolicy.For(Service, "GetObservationRubric", "feedback.read").AllowAdministrators().AllowPeople(),
        RpcPolicy.For(Service, "UpdateObservationRubric", "feedback.write").AllowAdministrators()
            .Audited<UpdateObservationRubricRequest, ObservationRubric>((request, _) => request.ObservationRubric?.Name),
        RpcPolicy.For(Service, "CreateObservation", "feedback.write").AllowPeople()
            .Audited<CreateObservationRequest, Observation>((request, response) => response?.Name ?? request.Parent),
        RpcPolicy.For(Service, "GetObservation", "feedback.read").AllowAdministrators().AllowPeople()
            .Audited<GetObservationRequest, Observation>((request, _) => request.Name),
        RpcPolicy.For(Service, "ListObservations", "feedback.read").AllowAdministrators().AllowPeople()
            .Audited<ListObservationsRequest, ListObservationsResponse>((request, _) => request.Parent),
    ]);
}
