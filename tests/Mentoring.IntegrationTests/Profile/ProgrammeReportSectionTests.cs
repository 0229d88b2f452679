using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Reporting.V1;
using Mentoring.IntegrationTests.Support;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>
/// Profile's section of a programme report from what profile learns by itself: the programme and the
/// mentors of each relationship from matching's events, and every status change of a person from its
/// own writes (registration, update) — so the programme's mentees and mentors are told apart from the
/// rest of the organisation, and someone who left before the period is not in its cohort.
/// </summary>
public sealed class ProgrammeReportSectionTests() : ServicesUnderTest("profile")
{
    [Fact]
    public async Task Participants_come_from_matchings_events_and_the_cohort_from_profiles_own_status_history()
    {
        var admin = Client<ProfileService.ProfileServiceClient>("profile", await TestIdentity.AdministratorAsync());
        async Task<string> RegisterAsync(string role) =>
            (await admin.RegisterPersonAsync(Register(Person(role, PersonRole.Mentee, SeniorityLevel.Junior)))).Name;

        var programme = $"programmes/{Guid.NewGuid()}";
        for (var i = 0; i < 5; i++)
        {
            var (mentor, mentee) = (await RegisterAsync("Mentor"), await RegisterAsync("Mentee"));
            await MatchingEvents.StateAsync(Db, "profile", $"relationships/{Guid.NewGuid()}", [mentor], [mentee], RelationshipState.Active, version: 1, programme);
        }
        var others = new List<string>();
        for (var i = 0; i < 6; i++) others.Add(await RegisterAsync("Colleague"));
        await admin.UpdatePersonAsync(new UpdatePersonRequest
        {
            Person = new Person { Name = others[0], Status = PersonStatus.Left }, UpdateMask = new FieldMask { Paths = { "status" } },
        });

        var job = Client<ProfileService.ProfileServiceClient>("profile", await TestIdentity.ReportingJobAsync());
        var now = DateTime.UtcNow;
        var request = new GetProgrammeReportSectionRequest
        {
            Programme = programme, StartTime = Timestamp.FromDateTime(now.AddMinutes(1)), EndTime = Timestamp.FromDateTime(now.AddDays(1)),
        };
        var section = await job.GetProgrammeReportSectionAsync(request);

        var retention = section.Tables.Single(t => t.Id == "retention");
        Assert.Equal(["mentees", "mentors", "rest of the organisation"], retention.Columns);
        var cohort = retention.Rows.Single(r => r.Label == "In the organisation at the start").Values;
        Assert.Equal([5.0, 5.0, 5.0], cohort.Select(v => v.Value)); // the colleague who left is not in it
        Assert.All(cohort, v => Assert.False(v.Suppressed));
        Assert.All(retention.Rows.Single(r => r.Label == "Stayed (%)").Values, v => Assert.Equal(100, v.Value));

        // Another programme is not known here; the job's token is the only one that may ask.
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            job.GetProgrammeReportSectionAsync(new GetProgrammeReportSectionRequest(request) { Programme = $"programmes/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.GetProgrammeReportSectionAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task A_bad_period_is_refused_with_field_violations()
    {
        var job = Client<ProfileService.ProfileServiceClient>("profile", await TestIdentity.ReportingJobAsync());
        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        var e = await Assert.ThrowsAsync<RpcException>(() => job.GetProgrammeReportSectionAsync(
            new GetProgrammeReportSectionRequest { Programme = "people/x", StartTime = now, EndTime = now }).ResponseAsync);
        Assert.Equal(["programme", "end_time"], ViolatedFields(e));
    }
}
