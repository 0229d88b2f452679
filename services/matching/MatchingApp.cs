using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Matching.Candidates.ListCandidates;
using Mentoring.Matching.Candidates.Projection;
using Mentoring.Matching.Programmes.CreateProgramme;
using Mentoring.Matching.Programmes.UpdateProgramme;
using Mentoring.Matching.Programmes.Enrol;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Programmes.ListEnrolments;
using Mentoring.Matching.Programmes.ListProgrammes;
using Mentoring.Matching.Relationships;
using Mentoring.Matching.Relationships.AddCoMentor;
using Mentoring.Matching.Relationships.Leaving;
using Mentoring.Matching.Relationships.GapClosing;
using Mentoring.Matching.Relationships.TimeBox;
using Mentoring.Matching.Relationships.GetRelationship;
using Mentoring.Matching.Relationships.ListRelationships;
using Mentoring.Matching.Relationships.TransitionRelationship;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Matching.Requests.ListMentorRequests;
using Mentoring.Matching.Requests.ListSuggestions;
using Mentoring.Matching.Requests.RequestMentors;
using Mentoring.Matching.Requests.RespondToMentorRequest;
using Mentoring.Matching.Runs.GetMatchingRun;
using Mentoring.Matching.Speed.PlanSpeedRotation;
using Mentoring.Matching.Runs.PublishMatchingRun;
using Mentoring.Matching.Runs.ReviewMatchingRun;
using Mentoring.Matching.Runs.RunMatching;

using Mentoring.Matching.Relationships.Agreements;

namespace Mentoring.Matching;

/// <summary>The matching service: who mentors whom.</summary>
public static class MatchingApp
{
    public const string Name = "matching";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(MatchingApp).Assembly, MatchingPolicies.Table);
        builder.Services.AddEventHandler<PersonRegistered, CandidateProjection>(CandidateProjection.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, CandidateProjection>(CandidateProjection.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, CandidateErasure>(CandidateErasure.Subscriber);
        builder.Services.AddEventHandler<AgreementSigned, SignedAgreementProjection>(SignedAgreementProjection.Subscriber);
        builder.Services.AddEventHandler<ReportingLineChanged, ReportingLineProjection>(ReportingLineProjection.Subscriber);
        builder.Services.AddEventHandler<MentorCredentialed, CredentialProjection>(CredentialProjection.Subscriber);
        builder.Services.AddEventHandler<MentorCredentialRenewed, CredentialProjection>(CredentialProjection.RenewalsSubscriber);
        builder.Services.AddEventHandler<CompetencyAssessed, CompetencyProjection>(CompetencyProjection.Subscriber);
        builder.Services.AddEventHandler<AvailabilityChanged, AvailabilityProjection>(AvailabilityProjection.Subscriber);
        builder.Services.AddScoped<CompetencyGapClosing>();
        builder.Services.AddScoped<RelationshipsOfErasedPerson>();
        builder.Services.AddHostedService<TimeBoxSweeper>();
        builder.Services.AddEventHandler<MentorCompetenciesChanged, CompetencyProjection>(CompetencyProjection.OffersSubscriber);
        builder.Services.AddScoped<ListCandidatesHandler>();
        builder.Services.AddScoped<CreateProgrammeHandler>();
        builder.Services.AddScoped<UpdateProgrammeHandler>();
        builder.Services.AddScoped<GetProgrammeHandler>();
        builder.Services.AddScoped<ListProgrammesHandler>();
        builder.Services.AddScoped<EnrolHandler>();
        builder.Services.AddScoped<ListEnrolmentsHandler>();
        builder.Services.AddScoped<GetRelationshipHandler>();
        builder.Services.AddScoped<ListRelationshipsHandler>();
        builder.Services.AddScoped<TransitionRelationshipHandler>();
        builder.Services.AddScoped<AddCoMentorHandler>();
        builder.Services.AddScoped<IRematcher, Rematcher>();
        builder.Services.AddScoped<ListSuggestionsHandler>();
        builder.Services.AddScoped<RequestMentorsHandler>();
        builder.Services.AddScoped<RespondToMentorRequestHandler>();
        builder.Services.AddScoped<ListMentorRequestsHandler>();
        builder.Services.AddScoped<RunMatchingHandler>();
        builder.Services.AddScoped<PlanSpeedRotationHandler>();
        builder.Services.AddScoped<GetMatchingRunHandler>();
        builder.Services.AddScoped<ReviewMatchingRunHandler>();
        builder.Services.AddScoped<PublishMatchingRunHandler>();
        builder.Services.AddScoped<Reports.GetProgrammeReportSectionHandler>();
        builder.Services.AddScoped<Reports.ListReportProgrammesHandler>();
        builder.Services.AddScoped<IParticipantDirectory, RelationshipParticipants>();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<MatchingGrpcService>();
        return app;
    }
}
