using Mentoring.BuildingBlocks.Protection;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Feedback.Agreements;
using Mentoring.Feedback.Agreements.GetAgreement;
using Mentoring.Feedback.Agreements.SignAgreement;
using Mentoring.Feedback.Agreements.UpdateAgreement;
using Mentoring.Feedback.Goals;
using Mentoring.Feedback.GrowthPlans;
using Mentoring.Feedback.Journals;
using Mentoring.Feedback.Health;
using Mentoring.Feedback.Meetings.Projection;
using Mentoring.Feedback.Metrics;
using Mentoring.Feedback.Observations;
using Mentoring.Feedback.Participants.GetParticipant;
using Mentoring.Feedback.Participants.Projection;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Mentoring.Feedback.Relationships.Projection;
using Mentoring.Feedback.SessionRecords;
using Mentoring.Feedback.SessionRecords.CreateSessionRecord;
using Mentoring.Feedback.SessionRecords.GetSessionRecord;
using Mentoring.Feedback.SessionRecords.ListSessionRecords;
using Mentoring.Feedback.Surveys;
using Mentoring.Feedback.Surveys.ClosingEvaluations;
using Mentoring.Feedback.Surveys.FitChecks;
using Mentoring.Feedback.Surveys.Pulses;

namespace Mentoring.Feedback;

/// <summary>The feedback service.</summary>
public static class FeedbackApp
{
    public const string Name = "feedback";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(FeedbackApp).Assembly, FeedbackPolicies.Table);
        var services = builder.Services;

        services.AddEventHandler<PersonRegistered, ParticipantProjection>(ParticipantProjection.Subscriber);
        services.AddEventHandler<PersonUpdated, ParticipantProjection>(ParticipantProjection.UpdatesSubscriber);
        services.AddEventHandler<PersonErased, ParticipantErasure>(ParticipantErasure.Subscriber);
        services.AddEventHandler<RelationshipStateChanged, RelationshipProjection>(RelationshipProjection.StateSubscriber);
        services.AddEventHandler<RelationshipParticipantsChanged, RelationshipProjection>(RelationshipProjection.ParticipantsSubscriber);
        services.AddEventHandler<MeetingHeld, MeetingOutcomeProjection>(MeetingOutcomeProjection.HeldSubscriber);
        services.AddEventHandler<MeetingMissed, MeetingOutcomeProjection>(MeetingOutcomeProjection.MissedSubscriber);
        services.AddEventHandler<CompetencyAssessed, CompetencyAssessmentProjection>(CompetencyAssessmentProjection.Subscriber);

        // Relationship content is sealed with the organisation's data key (docs/feedback.md).
        services.AddMasterKeys(builder.Configuration, "Feedback:Encryption", "mentoring-dev-only-master-key-32"u8.ToArray());
        services.AddSingleton<DataKeyRing>();
        services.AddHostedService<MasterKeyRewrap>();

        // At-risk detection on every relevant event and answer, and by a sweeper for what time alone changes.
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<HealthSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthSweeper>());

        services.AddScoped<IParticipantDirectory, RelationshipParticipants>();
        services.AddScoped<AgreementStore>();
        services.AddScoped<SessionRecordStore>();
        services.AddScoped<GetParticipantHandler>();
        services.AddScoped<GetAgreementHandler>();
        services.AddScoped<UpdateAgreementHandler>();
        services.AddScoped<SignAgreementHandler>();
        services.AddScoped<CreateSessionRecordHandler>();
        services.AddScoped<GetSessionRecordHandler>();
        services.AddScoped<ListSessionRecordsHandler>();
        services.AddScoped<SurveyText>();
        services.AddScoped<PulseHandlers>();
        services.AddScoped<FitCheckHandlers>();
        services.AddScoped<ClosingEvaluationHandlers>();
        services.AddScoped<GetProgrammeMetricsHandler>();
        services.AddScoped<GoalHandlers>();
        services.AddScoped<JournalHandlers>();
        services.AddScoped<ReflectionPromptHandlers>();
        services.AddScoped<GrowthPlanHandlers>();
        services.AddScoped<ObservationRubricHandlers>();
        services.AddScoped<ObservationHandlers>();
        services.AddScoped<GetMentorOutcomeHandler>();
        services.AddScoped<RotateDataKeyHandler>();
        services.AddScoped<Reports.GetProgrammeReportSectionHandler>();

        var app = builder.Build();
        // Fails start-up, not the first write, when no master key is configured.
        app.Services.GetRequiredService<MasterKeys>();
        app.MapServiceDefaults();
        app.MapApi<FeedbackGrpcService>();
        return app;
    }
}
