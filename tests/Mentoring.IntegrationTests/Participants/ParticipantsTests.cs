using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using FeedbackV1 = Mentoring.Contracts.Feedback.V1;
using SchedulingV1 = Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.IntegrationTests.Participants;

/// <summary>Scheduling and feedback each project profile's people: one event, several subscribers.</summary>
public sealed class ParticipantsTests() : ServicesUnderTest("profile", "scheduling", "feedback")
{
    private ProfileService.ProfileServiceClient profile = null!;
    private SchedulingV1.SchedulingService.SchedulingServiceClient scheduling = null!;
    private FeedbackV1.FeedbackService.FeedbackServiceClient feedback = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var token = await TestIdentity.PartnerAsync();
        profile = Client<ProfileService.ProfileServiceClient>("profile", token);
        scheduling = Client<SchedulingV1.SchedulingService.SchedulingServiceClient>("scheduling", token);
        feedback = Client<FeedbackV1.FeedbackService.FeedbackServiceClient>("feedback", token);
    }

    [Fact]
    public async Task A_registration_reaches_scheduling_and_feedback_with_name_and_time_zone()
    {
        var person = await profile.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));
        var participant = "participants/" + person.Name["people/".Length..];

        var inScheduling = await Eventually.Until("scheduling knows the person", async () =>
        {
            try { return await scheduling.GetParticipantAsync(new SchedulingV1.GetParticipantRequest { Name = participant }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        var inFeedback = await Eventually.Until("feedback knows the person", async () =>
        {
            try { return await feedback.GetParticipantAsync(new FeedbackV1.GetParticipantRequest { Name = participant }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });

        Assert.Equal((person.Name, "Ada", "Europe/Paris"), (inScheduling.Person, inScheduling.DisplayName, inScheduling.TimeZone));
        Assert.Equal((person.Name, "Ada", "Europe/Paris"), (inFeedback.Person, inFeedback.DisplayName, inFeedback.TimeZone));

        var globex = await ClientAsync<SchedulingV1.SchedulingService.SchedulingServiceClient>("scheduling", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var otherTenant = await Assert.ThrowsAsync<RpcException>(() => globex.GetParticipantAsync(
            new SchedulingV1.GetParticipantRequest { Name = participant }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task Malformed_names_are_invalid_arguments()
    {
        var s = await Assert.ThrowsAsync<RpcException>(() =>
            scheduling.GetParticipantAsync(new SchedulingV1.GetParticipantRequest { Name = "people/x" }).ResponseAsync);
        var f = await Assert.ThrowsAsync<RpcException>(() =>
            feedback.GetParticipantAsync(new FeedbackV1.GetParticipantRequest { Name = "" }).ResponseAsync);
        Assert.Equal(["name"], ViolatedFields(s));
        Assert.Equal(["name"], ViolatedFields(f));
    }
}
