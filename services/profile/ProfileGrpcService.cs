using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;
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
using Mentoring.Profile.Credentialing.ApplyForCredential;
using Mentoring.Profile.Credentialing.GetCredentialing;
using Mentoring.Profile.Credentialing.GetCredentialingFunnel;
using Mentoring.Profile.Credentialing.ListCredentialings;
using Mentoring.Profile.Credentialing.GrantInitialCredential;
using Mentoring.Profile.Credentialing.RecordCredentialingStep;
using Mentoring.Profile.Credentialing.RenewCredential;
using Mentoring.Profile.People.ErasePerson;
using Mentoring.Profile.RapportProfiles;
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

/// <summary>The API of mentoring.profile.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class ProfileGrpcService(
    RegisterPersonHandler register, GetPersonHandler get, UpdatePersonHandler update, ListPeopleHandler list,
    SetLineManagerHandler setLineManager, ExportPersonHandler export, ErasePersonHandler erase,
    GetAvailabilityHandler getAvailability, UpdateAvailabilityHandler updateAvailability, QueryFreeIntervalsHandler queryFreeIntervals,
    ImportPeopleHandler import, CreateOrgUnitHandler createOrgUnit, ListOrgUnitsHandler listOrgUnits, UpdateOrgUnitHandler updateOrgUnit,
    CreateCompetencyHandler createCompetency, GetCompetencyHandler getCompetency, ListCompetenciesHandler listCompetencies,
    UpdateCompetencyHandler updateCompetency, AssessCompetencyHandler assessCompetency,
    ListPersonCompetenciesHandler listPersonCompetencies, SetMentorCompetenciesHandler setMentorCompetencies,
    ApplyForCredentialHandler applyForCredential, RecordCredentialingStepHandler recordCredentialingStep,
    GrantInitialCredentialHandler grantInitialCredential, RenewCredentialHandler renewCredential,
    GetCredentialingHandler getCredentialing, GetCredentialingFunnelHandler getCredentialingFunnel,
    ListCredentialingsHandler listCredentialings,
    RapportProfileHandlers rapport,
    AuditLog audit, TenantDatabase tenantDb) : ProfileService.ProfileServiceBase
{
    public override Task<Person> RegisterPerson(RegisterPersonRequest request, ServerCallContext context) =>
        register.HandleAsync(request, context.CancellationToken);

    public override Task<Person> GetPerson(GetPersonRequest request, ServerCallContext context) =>
        get.HandleAsync(request, context.CancellationToken);

    public override Task<Person> UpdatePerson(UpdatePersonRequest request, ServerCallContext context) =>
        update.HandleAsync(request, context.CancellationToken);

    public override Task<ListPeopleResponse> ListPeople(ListPeopleRequest request, ServerCallContext context) =>
        list.HandleAsync(request, context.CancellationToken);

    public override Task<Person> SetLineManager(SetLineManagerRequest request, ServerCallContext context) =>
        setLineManager.HandleAsync(request, context.CancellationToken);

    public override Task<ExportPersonResponse> ExportPerson(ExportPersonRequest request, ServerCallContext context) =>
        export.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override async Task<Empty> ErasePerson(ErasePersonRequest request, ServerCallContext context)
    {
        await erase.HandleAsync(request, context.CancellationToken);
        return new Empty();
    }

    public override Task<Mentoring.Contracts.Profile.V1.Availability> GetAvailability(GetAvailabilityRequest request, ServerCallContext context) =>
        getAvailability.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Availability> UpdateAvailability(UpdateAvailabilityRequest request, ServerCallContext context) =>
        updateAvailability.HandleAsync(request, context.CancellationToken);

    public override Task<QueryFreeIntervalsResponse> QueryFreeIntervals(QueryFreeIntervalsRequest request, ServerCallContext context) =>
        queryFreeIntervals.HandleAsync(request, context.CancellationToken);

    public override Task ImportPeople(
        IAsyncStreamReader<ImportPeopleRequest> requestStream, IServerStreamWriter<ImportPeopleResponse> responseStream, ServerCallContext context) =>
        import.HandleAsync(requestStream, responseStream, context);

    public override Task<OrgUnit> CreateOrgUnit(CreateOrgUnitRequest request, ServerCallContext context) =>
        createOrgUnit.HandleAsync(request, context.CancellationToken);

    public override Task<ListOrgUnitsResponse> ListOrgUnits(ListOrgUnitsRequest request, ServerCallContext context) =>
        listOrgUnits.HandleAsync(context.CancellationToken);

    public override Task<OrgUnit> UpdateOrgUnit(UpdateOrgUnitRequest request, ServerCallContext context) =>
        updateOrgUnit.HandleAsync(request, context.CancellationToken);

    public override Task<Competency> CreateCompetency(CreateCompetencyRequest request, ServerCallContext context) =>
        createCompetency.HandleAsync(request, context.CancellationToken);

    public override Task<Competency> GetCompetency(GetCompetencyRequest request, ServerCallContext context) =>
        getCompetency.HandleAsync(request, context.CancellationToken);

    public override Task<ListCompetenciesResponse> ListCompetencies(ListCompetenciesRequest request, ServerCallContext context) =>
        listCompetencies.HandleAsync(request, context.CancellationToken);

    public override Task<Competency> UpdateCompetency(UpdateCompetencyRequest request, ServerCallContext context) =>
        updateCompetency.HandleAsync(request, context.CancellationToken);

    public override Task<PersonCompetency> AssessCompetency(AssessCompetencyRequest request, ServerCallContext context) =>
        assessCompetency.HandleAsync(request, context.CancellationToken);

    public override Task<ListPersonCompetenciesResponse> ListPersonCompetencies(ListPersonCompetenciesRequest request, ServerCallContext context) =>
        listPersonCompetencies.HandleAsync(request, context.CancellationToken);

    public override Task<ListPersonCompetenciesResponse> SetMentorCompetencies(SetMentorCompetenciesRequest request, ServerCallContext context) =>
        setMentorCompetencies.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> ApplyForCredential(ApplyForCredentialRequest request, ServerCallContext context) =>
        applyForCredential.HandleAsync(request, SubjectOf(context), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> RecordCredentialingStep(RecordCredentialingStepRequest request, ServerCallContext context) =>
        recordCredentialingStep.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> GrantInitialCredential(GrantInitialCredentialRequest request, ServerCallContext context) =>
        grantInitialCredential.HandleAsync(request, SubjectOf(context), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> RenewCredential(RenewCredentialRequest request, ServerCallContext context) =>
        renewCredential.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> GetCredentialing(GetCredentialingRequest request, ServerCallContext context) =>
        getCredentialing.HandleAsync(request, context.CancellationToken);

    public override Task<CredentialingFunnel> GetCredentialingFunnel(GetCredentialingFunnelRequest request, ServerCallContext context) =>
        getCredentialingFunnel.HandleAsync(request, context.CancellationToken);

    public override Task<ListCredentialingsResponse> ListCredentialings(ListCredentialingsRequest request, ServerCallContext context) =>
        listCredentialings.HandleAsync(request, context.CancellationToken);

    /// <summary>Who calls (the token's subject), recorded with credentialing evidence.</summary>
    private static string SubjectOf(ServerCallContext context) =>
        Caller.From(context.GetHttpContext().User)?.Subject ?? "unknown";

    public override Task<RapportProfile> GetRapportProfile(GetRapportProfileRequest request, ServerCallContext context) =>
        rapport.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RapportProfile> UpdateRapportProfile(UpdateRapportProfileRequest request, ServerCallContext context) =>
        rapport.UpdateAsync(request, context.CancellationToken);

    public override Task<RapportProfile> ShareRapportProfile(ShareRapportProfileRequest request, ServerCallContext context) =>
        rapport.ShareAsync(request, context.CancellationToken);

    public override Task<RapportProfile> UnshareRapportProfile(UnshareRapportProfileRequest request, ServerCallContext context) =>
        rapport.UnshareAsync(request, context.CancellationToken);

    public override Task<Contracts.Reporting.V1.ReportSection> GetProgrammeReportSection(
        Contracts.Reporting.V1.GetProgrammeReportSectionRequest request, ServerCallContext context) =>
        context.GetHttpContext().RequestServices.GetRequiredService<Reports.GetProgrammeReportSectionHandler>().HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
