using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Agreements.GetAgreement;
using Mentoring.Feedback.Agreements.SignAgreement;
using Mentoring.Feedback.Agreements.UpdateAgreement;
using Mentoring.Feedback.Goals;
using Mentoring.Feedback.GrowthPlans;
using Mentoring.Feedback.Journals;
using Mentoring.Feedback.Metrics;
using Mentoring.Feedback.Observations;
using Mentoring.Feedback.Participants.GetParticipant;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.SessionRecords.CreateSessionRecord;
using Mentoring.Feedback.SessionRecords.GetSessionRecord;
using Mentoring.Feedback.SessionRecords.ListSessionRecords;
using Mentoring.Feedback.Surveys.ClosingEvaluations;
using Mentoring.Feedback.Surveys.FitChecks;
using Mentoring.Feedback.Surveys.Pulses;

namespace Mentoring.Feedback;

/// <summary>
/// The API of mentoring.feedback.v1 (gRPC and, by transcoding, REST): one line per RPC. Handlers
/// come from the call's scope, so a new use case adds its handler and one line here.
/// </summary>
public sealed class FeedbackGrpcService(AuditLog audit, TenantDatabase tenantDb) : FeedbackService.FeedbackServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        Handler<GetParticipantHandler>(context).HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }

    public override Task<Agreement> GetAgreement(GetAgreementRequest request, ServerCallContext context) =>
        Handler<GetAgreementHandler>(context).HandleAsync(request, context.CancellationToken);

    public override Task<Agreement> UpdateAgreement(UpdateAgreementRequest request, ServerCallContext context) =>
        Handler<UpdateAgreementHandler>(context).HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Agreement> SignAgreement(SignAgreementRequest request, ServerCallContext context) =>
        Handler<SignAgreementHandler>(context).HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SessionRecord> CreateSessionRecord(CreateSessionRecordRequest request, ServerCallContext context) =>
        Handler<CreateSessionRecordHandler>(context).HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SessionRecord> GetSessionRecord(GetSessionRecordRequest request, ServerCallContext context) =>
        Handler<GetSessionRecordHandler>(context).HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListSessionRecordsResponse> ListSessionRecords(ListSessionRecordsRequest request, ServerCallContext context) =>
        Handler<ListSessionRecordsHandler>(context).HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Pulse> AnswerPulse(AnswerPulseRequest request, ServerCallContext context) =>
        Handler<PulseHandlers>(context).AnswerAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListPulsesResponse> ListPulses(ListPulsesRequest request, ServerCallContext context) =>
        Handler<PulseHandlers>(context).ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListFitChecksResponse> ListFitChecks(ListFitChecksRequest request, ServerCallContext context) =>
        Handler<FitCheckHandlers>(context).ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<FitCheck> AnswerFitCheck(AnswerFitCheckRequest request, ServerCallContext context) =>
        Handler<FitCheckHandlers>(context).AnswerAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ClosingEvaluation> SubmitClosingEvaluation(SubmitClosingEvaluationRequest request, ServerCallContext context) =>
        Handler<ClosingEvaluationHandlers>(context).SubmitAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListClosingEvaluationsResponse> ListClosingEvaluations(ListClosingEvaluationsRequest request, ServerCallContext context) =>
        Handler<ClosingEvaluationHandlers>(context).ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ProgrammeMetrics> GetProgrammeMetrics(GetProgrammeMetricsRequest request, ServerCallContext context) =>
        Handler<GetProgrammeMetricsHandler>(context).HandleAsync(request, context.CancellationToken);

    public override Task<Goal> CreateGoal(CreateGoalRequest request, ServerCallContext context) =>
        Handler<GoalHandlers>(context).CreateAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Goal> UpdateGoal(UpdateGoalRequest request, ServerCallContext context) =>
        Handler<GoalHandlers>(context).UpdateAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListGoalsResponse> ListGoals(ListGoalsRequest request, ServerCallContext context) =>
        Handler<GoalHandlers>(context).ListAsync(request, context.CancellationToken);

    public override Task<Goal> ReviewGoalProgress(ReviewGoalProgressRequest request, ServerCallContext context) =>
        Handler<GoalHandlers>(context).ReviewAsync(request, context.Caller(), context.CancellationToken);

    public override Task<JournalEntry> CreateJournalEntry(CreateJournalEntryRequest request, ServerCallContext context) =>
        Handler<JournalHandlers>(context).CreateAsync(request, context.CancellationToken);

    public override Task<ListJournalEntriesResponse> ListJournalEntries(ListJournalEntriesRequest request, ServerCallContext context) =>
        Handler<JournalHandlers>(context).ListAsync(request, context.CancellationToken);

    public override Task<JournalEntry> ShareJournalEntry(ShareJournalEntryRequest request, ServerCallContext context) =>
        Handler<JournalHandlers>(context).ShareAsync(request, context.CancellationToken);

    public override Task<ListJournalEntriesResponse> ListSharedJournalEntries(ListSharedJournalEntriesRequest request, ServerCallContext context) =>
        Handler<JournalHandlers>(context).ListSharedAsync(request, context.CancellationToken);

    public override Task<ReflectionPrompts> GetReflectionPrompts(GetReflectionPromptsRequest request, ServerCallContext context) =>
        Handler<ReflectionPromptHandlers>(context).GetAsync(request, context.CancellationToken);

    public override Task<ReflectionPrompts> UpdateReflectionPrompts(UpdateReflectionPromptsRequest request, ServerCallContext context) =>
        Handler<ReflectionPromptHandlers>(context).UpdateAsync(request, context.CancellationToken);

    public override Task<GrowthPlan> GetGrowthPlan(GetGrowthPlanRequest request, ServerCallContext context) =>
        Handler<GrowthPlanHandlers>(context).GetAsync(request, context.CancellationToken);

    public override Task<GrowthPlan> UpdateGrowthPlan(UpdateGrowthPlanRequest request, ServerCallContext context) =>
        Handler<GrowthPlanHandlers>(context).UpdateAsync(request, context.CancellationToken);

    public override Task<ListSharedGrowthPlansResponse> ListSharedGrowthPlans(ListSharedGrowthPlansRequest request, ServerCallContext context) =>
        Handler<GrowthPlanHandlers>(context).ListSharedAsync(request, context.CancellationToken);

    public override Task<ObservationRubric> GetObservationRubric(GetObservationRubricRequest request, ServerCallContext context) =>
        Handler<ObservationRubricHandlers>(context).GetAsync(request, context.CancellationToken);

    public override Task<ObservationRubric> UpdateObservationRubric(UpdateObservationRubricRequest request, ServerCallContext context) =>
        Handler<ObservationRubricHandlers>(context).UpdateAsync(request, context.CancellationToken);

    public override Task<Observation> CreateObservation(CreateObservationRequest request, ServerCallContext context) =>
        Handler<ObservationHandlers>(context).CreateAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Observation> GetObservation(GetObservationRequest request, ServerCallContext context) =>
        Handler<ObservationHandlers>(context).GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListObservationsResponse> ListObservations(ListObservationsRequest request, ServerCallContext context) =>
        Handler<ObservationHandlers>(context).ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Goal> AssessGoal(AssessGoalRequest request, ServerCallContext context) =>
        Handler<GoalHandlers>(context).AssessAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MentorOutcome> GetMentorOutcome(GetMentorOutcomeRequest request, ServerCallContext context) =>
        Handler<GetMentorOutcomeHandler>(context).HandleAsync(request, context.CancellationToken);

    public override Task<DataKey> RotateDataKey(RotateDataKeyRequest request, ServerCallContext context) =>
        Handler<RotateDataKeyHandler>(context).HandleAsync(context.CancellationToken);

    public override Task<Contracts.Reporting.V1.ReportSection> GetProgrammeReportSection(
        Contracts.Reporting.V1.GetProgrammeReportSectionRequest request, ServerCallContext context) =>
        Handler<Reports.GetProgrammeReportSectionHandler>(context).HandleAsync(request, context.CancellationToken);

    private static T Handler<T>(ServerCallContext context) where T : notnull =>
        context.GetHttpContext().RequestServices.GetRequiredService<T>();
}
