using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Availability.GetAvailability;
using Mentoring.Profile.Availability.QueryFreeIntervals;
using Mentoring.Profile.Availability.UpdateAvailability;
using Mentoring.Profile.People.GetPerson;
using Mentoring.Profile.People.ListPeople;
using Mentoring.Profile.People.RegisterPerson;
using Mentoring.Profile.People.SetLineManager;

namespace Mentoring.Profile;

/// <summary>The API of mentoring.profile.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class ProfileGrpcService(RegisterPersonHandler register, GetPersonHandler get, ListPeopleHandler list, SetLineManagerHandler setLineManager,
    GetAvailabilityHandler getAvailability, UpdateAvailabilityHandler updateAvailability, QueryFreeIntervalsHandler queryFreeIntervals,
    AuditLog audit, TenantDatabase tenantDb) : ProfileService.ProfileServiceBase
{
    public override Task<Person> RegisterPerson(RegisterPersonRequest request, ServerCallContext context) =>
        register.HandleAsync(request, context.CancellationToken);

    public override Task<Person> GetPerson(GetPersonRequest request, ServerCallContext context) =>
        get.HandleAsync(request, context.CancellationToken);

    public override Task<ListPeopleResponse> ListPeople(ListPeopleRequest request, ServerCallContext context) =>
        list.HandleAsync(request, context.CancellationToken);

    public override Task<Person> SetLineManager(SetLineManagerRequest request, ServerCallContext context) =>
        setLineManager.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Availability> GetAvailability(GetAvailabilityRequest request, ServerCallContext context) =>
        getAvailability.HandleAsync(request, context.CancellationToken);

    public override Task<Mentoring.Contracts.Profile.V1.Availability> UpdateAvailability(UpdateAvailabilityRequest request, ServerCallContext context) =>
        updateAvailability.HandleAsync(request, context.CancellationToken);

    public override Task<QueryFreeIntervalsResponse> QueryFreeIntervals(QueryFreeIntervalsRequest request, ServerCallContext context) =>
        queryFreeIntervals.HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }
}
