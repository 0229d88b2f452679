using Mentoring.BuildingBlocks.Events;
using Mentoring.Profile.Credentialing.RecordObservation;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.OrgUnits.CreateOrgUnit;
using Mentoring.Profile.OrgUnits.ListOrgUnits;
using Mentoring.Profile.OrgUnits.UpdateOrgUnit;
using Mentoring.Profile.Competencies.AssessCompetency;
using Mentoring.Profile.Competencies.CreateCompetency;
using Mentoring.Profile.Competencies.GetCompetency;
using Mentoring.Profile.Competencies.ListCompetencies;
using Mentoring.Profile.Competencies.ListPersonCompetencies;
using Mentoring.Profile.Competencies.SetMentorCompetencies;
using Mentoring.Profile.Competencies.UpdateCompetency;
using Mentoring.Profile.Credentialing;
using Mentoring.Profile.Credentialing.ApplyForCredential;
using Mentoring.Profile.Credentialing.GetCredentialing;
using Mentoring.Profile.Credentialing.GetCredentialingFunnel;
using Mentoring.Profile.Credentialing.ListCredentialings;
using Mentoring.Profile.Credentialing.GrantInitialCredential;
using Mentoring.Profile.Credentialing.RecordCredentialingStep;
using Mentoring.Profile.Credentialing.RenewCredential;
using Mentoring.Profile.People.ErasePerson;
using Mentoring.Profile.People.PeopleCsv;
using Mentoring.Profile.RapportProfiles;
using Mentoring.Profile.Relationships.Projection;
using Mentoring.Profile.People.ExportPerson;
using Mentoring.Profile.Availability.GetAvailability;
using Mentoring.Profile.Availability.QueryFreeIntervals;
using Mentoring.Profile.Availability.UpdateAvailability;
using Mentoring.Profile.People.GetPerson;
using Mentoring.Profile.People.ImportPeople;
using Mentoring.Profile.People.ListPeople;
using Mentoring.Profile.People.RegisterPerson;
using Mentoring.Profile.People.SetLineManager;
using Mentoring.Profile.People.UpdatePerson;

namespace Mentoring.Profile;

/// <summary>The profile service: who people are.</summary>
public static class ProfileApp
{
    public const string Name = "profile";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(ProfileApp).Assembly, ProfilePolicies.Table);
        builder.Services.AddScoped<RegisterPersonHandler>();
        builder.Services.AddScoped<GetPersonHandler>();
        builder.Services.AddScoped<ListPeopleHandler>();
        builder.Services.AddScoped<UpdatePersonHandler>();
        builder.Services.AddScoped<ExportPersonHandler>();
        builder.Services.AddScoped<ErasePersonHandler>();
        builder.Services.AddScoped<SetLineManagerHandler>();
        builder.Services.AddScoped<ImportPeopleHandler>();
        builder.Services.AddScoped<RapportProfileHandlers>();
        // Who shares a relationship with whom, for the rapport profile's share rule (docs/domain.md §1).
        builder.Services.AddEventHandler<RelationshipStateChanged, RelationshipProjection>(RelationshipProjection.StateSubscriber);
        builder.Services.AddEventHandler<RelationshipParticipantsChanged, RelationshipProjection>(RelationshipProjection.ParticipantsSubscriber);
        builder.Services.AddScoped<IParticipantDirectory, RapportProfileReaders>();
        builder.Services.AddScoped<CreateOrgUnitHandler>();
        builder.Services.AddScoped<ListOrgUnitsHandler>();
        builder.Services.AddScoped<UpdateOrgUnitHandler>();
        builder.Services.AddScoped<GetAvailabilityHandler>();
        builder.Services.AddScoped<UpdateAvailabilityHandler>();
        builder.Services.AddScoped<QueryFreeIntervalsHandler>();
        builder.Services.AddScoped<CreateCompetencyHandler>();
        builder.Services.AddScoped<GetCompetencyHandler>();
        builder.Services.AddScoped<ListCompetenciesHandler>();
        builder.Services.AddScoped<UpdateCompetencyHandler>();
        builder.Services.AddScoped<AssessCompetencyHandler>();
        builder.Services.AddScoped<ListPersonCompetenciesHandler>();
        builder.Services.AddScoped<SetMentorCompetenciesHandler>();
        builder.Services.AddSingleton<CredentialingModules>();
        builder.Services.AddScoped<ApplyForCredentialHandler>();
        builder.Services.AddScoped<RecordCredentialingStepHandler>();
        builder.Services.AddScoped<GrantInitialCredentialHandler>();
        builder.Services.AddScoped<RenewCredentialHandler>();
        builder.Services.AddScoped<GetCredentialingHandler>();
        builder.Services.AddScoped<GetCredentialingFunnelHandler>();
        builder.Services.AddScoped<ListCredentialingsHandler>();
        builder.Services.AddScoped<Reports.GetProgrammeReportSectionHandler>();
        // Feedback's observations become credentialing evidence under profile's own rules.
        builder.Services.AddEventHandler<ObservationCompleted, ObservationIntake>(ObservationIntake.Subscriber);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<ProfileGrpcService>();
        app.MapPeopleCsv();
        return app;
    }
}
