using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Availability;
using Mentoring.Profile.Competencies;
using Mentoring.Profile.Credentialing;
using Mentoring.Profile.RapportProfiles;

namespace Mentoring.Profile;

/// <summary>Who may call each RPC of mentoring.profile.v1.</summary>
public static class ProfilePolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = ProfileService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "RegisterPerson", "profile.write").AllowAdministrators().AllowClients()
            .Audited<RegisterPersonRequest, Person>((_, created) => created?.Name),
        RpcPolicy.For(Service, "GetPerson", "profile.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetPersonRequest>(r => r.Name),
        RpcPolicy.For(Service, "UpdatePerson", "profile.write").AllowAdministrators().AllowClients()
            .Audited<UpdatePersonRequest, Person>((request, _) => request.Person?.Name),
        RpcPolicy.For(Service, "ListPeople", "profile.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "SetLineManager", "profile.write").AllowAdministrators().AllowClients()
            .Audited<SetLineManagerRequest, Person>((request, _) => request.Name),
        RpcPolicy.For(Service, "ExportPerson", "profile.read").AllowAdministrators().AllowSelf<ExportPersonRequest>(r => r.Name)
            .Audited<ExportPersonRequest, ExportPersonResponse>((request, _) => request.Name),
        RpcPolicy.For(Service, "ErasePerson", "profile.write").AllowAdministrators()
            .Audited<ErasePersonRequest, Google.Protobuf.WellKnownTypes.Empty>((request, _) => request.Name),
        // Availability names are people/{id}/availability: the self check compares the person part.
        RpcPolicy.For(Service, "GetAvailability", "profile.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetAvailabilityRequest>(r => AvailabilityRecord.PersonOf(r.Name)),
        RpcPolicy.For(Service, "UpdateAvailability", "profile.write").AllowAdministrators().AllowClients()
            .AllowSelf<UpdateAvailabilityRequest>(r => AvailabilityRecord.PersonOf(r.Availability?.Name))
            .Audited<UpdateAvailabilityRequest, Mentoring.Contracts.Profile.V1.Availability>((request, _) => request.Availability?.Name),
        RpcPolicy.For(Service, "QueryFreeIntervals", "profile.read").AllowAdministrators().AllowClients()
            .AllowSelf<QueryFreeIntervalsRequest>(r => AvailabilityRecord.PersonOf(r.Name)),
        RpcPolicy.For(Service, "ImportPeople", "profile.write").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "CreateOrgUnit", "profile.write").AllowAdministrators().AllowClients()
            .Audited<CreateOrgUnitRequest, OrgUnit>((_, created) => created?.Name),
        RpcPolicy.For(Service, "ListOrgUnits", "profile.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "UpdateOrgUnit", "profile.write").AllowAdministrators().AllowClients()
            .Audited<UpdateOrgUnitRequest, OrgUnit>((request, _) => request.OrgUnit?.Name),
        // The competency framework: managed by administrators and applications, read by everyone (people self-assess against it).
        RpcPolicy.For(Service, "CreateCompetency", "profile.write").AllowAdministrators().AllowClients()
            .Audited<CreateCompetencyRequest, Competency>((_, created) => created?.Name),
        RpcPolicy.For(Service, "GetCompetency", "profile.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "ListCompetencies", "profile.read").AllowAdministrators().AllowClients().AllowPeople(),
        RpcPolicy.For(Service, "UpdateCompetency", "profile.write").AllowAdministrators().AllowClients()
            .Audited<UpdateCompetencyRequest, Competency>((request, _) => request.Competency?.Name),
        // Assessments: self-assessment by the person, or by an administrator; never by another person.
        RpcPolicy.For(Service, "AssessCompetency", "profile.write").AllowAdministrators()
            .AllowSelf<AssessCompetencyRequest>(r => PersonCompetencyName.PersonOf(r.Person))
            .Audited<AssessCompetencyRequest, PersonCompetency>((request, response) => response?.Name ?? request.Person),
        RpcPolicy.For(Service, "ListPersonCompetencies", "profile.read").AllowAdministrators().AllowClients()
            .AllowSelf<ListPersonCompetenciesRequest>(r => PersonCompetencyName.PersonOf(r.Parent)),
        RpcPolicy.For(Service, "SetMentorCompetencies", "profile.write").AllowAdministrators()
            .AllowSelf<SetMentorCompetenciesRequest>(r => PersonCompetencyName.PersonOf(r.Person))
            .Audited<SetMentorCompetenciesRequest, ListPersonCompetenciesResponse>((request, _) => request.Person),
        // Credentialing names are people/{id}/credentialing: the self check compares the person part.
        RpcPolicy.For(Service, "ApplyForCredential", "profile.write").AllowAdministrators()
            .AllowSelf<ApplyForCredentialRequest>(r => CredentialingRecord.PersonOf(r.Name))
            .Audited<ApplyForCredentialRequest, Mentoring.Contracts.Profile.V1.Credentialing>((request, _) => request.Name),
        // People: a credentialed mentor records an observation step they observed themself (the handler checks the
        // step, that the reviewer is the caller, and the credential; anything else is PERMISSION_DENIED).
        RpcPolicy.For(Service, "RecordCredentialingStep", "profile.write").AllowAdministrators().AllowPeople()
            .Audited<RecordCredentialingStepRequest, Mentoring.Contracts.Profile.V1.Credentialing>((request, _) => request.Name),
        RpcPolicy.For(Service, "GrantInitialCredential", "profile.write").AllowAdministrators()
            .Audited<GrantInitialCredentialRequest, Mentoring.Contracts.Profile.V1.Credentialing>((request, _) => request.Name),
        RpcPolicy.For(Service, "RenewCredential", "profile.write").AllowAdministrators()
            .Audited<RenewCredentialRequest, Mentoring.Contracts.Profile.V1.Credentialing>((request, _) => request.Name),
        RpcPolicy.For(Service, "GetCredentialing", "profile.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetCredentialingRequest>(r => CredentialingRecord.PersonOf(r.Name)),
        RpcPolicy.For(Service, "GetCredentialingFunnel", "profile.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "ListCredentialings", "profile.read").AllowAdministrators().AllowClients(),
        // Rapport profiles are private: the person, and for reads the fellow participants of a live relationship
        // the person shared it with (RapportProfileReaders); never administrators, line managers or applications.
        // Reads of private content and changes of who may read it are audited.
        RpcPolicy.For(Service, "GetRapportProfile", "profile.read").AllowSelf<GetRapportProfileRequest>(r => RapportProfileHandlers.PersonOf(r.Name))
            .AllowParticipants<GetRapportProfileRequest>(r => r.Name)
            .Audited<GetRapportProfileRequest, RapportProfile>((request, _) => request.Name),
        RpcPolicy.For(Service, "UpdateRapportProfile", "profile.write")
            .AllowSelf<UpdateRapportProfileRequest>(r => RapportProfileHandlers.PersonOf(r.RapportProfile?.Name))
            .Audited<UpdateRapportProfileRequest, RapportProfile>((request, _) => request.RapportProfile?.Name),
        RpcPolicy.For(Service, "ShareRapportProfile", "profile.write")
            .AllowSelf<ShareRapportProfileRequest>(r => RapportProfileHandlers.PersonOf(r.Name))
            .Audited<ShareRapportProfileRequest, RapportProfile>((request, _) => request.Name),
        RpcPolicy.For(Service, "UnshareRapportProfile", "profile.write")
            .AllowSelf<UnshareRapportProfileRequest>(r => RapportProfileHandlers.PersonOf(r.Name))
            .Audited<UnshareRapportProfileRequest, RapportProfile>((request, _) => request.Name),
        RpcPolicy.For(Service, "GetProgrammeReportSection", "reporting.read").AllowClients(),
        RpcPolicy.For(Service, "ListAuditRecords", "profile.read").AllowAdministrators(),
    ]);
}
