using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Credentialing.ApplyForCredential;
using Mentoring.Profile.Credentialing.GetCredentialing;
using Mentoring.Profile.Credentialing.GetCredentialingFunnel;
using Mentoring.Profile.Credentialing.GrantInitialCredential;
using Mentoring.Profile.Credentialing.RecordCredentialingStep;
using Mentoring.Profile.Credentialing.RenewCredential;
using Mentoring.Profile.People.ErasePerson;
using Mentoring.Profile.People.ExportPerson;

using Mentoring.Profile.Availability.GetAvailability;
using Mentoring.Profile.Availability.QueryFreeIntervals;
using Mentoring.Profile.Availability.UpdateAvailability;
using Mentoring.Profile.People.GetPerson;
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
    ApplyForCredentialHandler applyForCredential, RecordCredentialingStepHandler recordCredentialingStep,
    GrantInitialCredentialHandler grantInitialCredential, RenewCredentialHandler renewCredential,
    GetCredentialingHandler getCredentialing, GetCredentialingFunnelHandler getCredentialingFunnel,
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
        export.HandleAsync(request, context.CancellationToken);

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

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> ApplyForCredential(ApplyForCredentialRequest request, ServerCallContext context) =>
        applyForCredential.HandleAsync(request, SubjectOf(context), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> RecordCredentialingStep(RecordCredentialingStepRequest request, ServerCallContext context) =>
        recordCredentialingStep.HandleAsync(request, SubjectOf(context), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> GrantInitialCredential(GrantInitialCredentialRequest request, ServerCallContext context) =>
        grantInitialCredential.HandleAsync(request, SubjectOf(context), context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> RenewCredential(RenewCredentialRequest request, ServerCallContext context) =>
        renewCredential.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Credentialing> GetCredentialing(GetCredentialingRequest request, ServerCallContext context) =>
        getCredentialing.HandleAsync(request, context.CancellationToken);

    public override Task<CredentialingFunnel> GetCredentialingFunnel(GetCredentialingFunnelRequest request, ServerCallContext context) =>
        getCredentialingFunnel.HandleAsync(request, context.CancellationToken);

    /// <summary>Who calls (the token's subject), recorded with credentialing evidence.</summary>
    private static string SubjectOf(ServerCallContext context) =>
        Caller.From(context.GetHttpContext().User)?.Subject ?? "unknown";

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
