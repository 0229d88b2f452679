using System.Net;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Mentoring.IntegrationTests.Support.Samples;
using SchedulingV1 = Mentoring.Contracts.Scheduling.V1;
using FeedbackV1 = Mentoring.Contracts.Feedback.V1;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>GDPR: export everything held about a person; erase them everywhere.</summary>
public sealed class PrivacyTests() : ServicesUnderTest("profile", "matching", "scheduling", "feedback")
{
    private ProfileService.ProfileServiceClient partner = null!;
    private ProfileService.ProfileServiceClient admin = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        partner = Client<ProfileService.ProfileServiceClient>("profile", token);
        admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
    }

    private async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var a = Db.AdminDataSource();
        await using var c = await a.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task An_export_holds_the_person_their_reports_and_what_was_done_about_them()
    {
        var boss = await partner.RegisterPersonAsync(Register(Person("Boss", PersonRole.Mentor, SeniorityLevel.Senior)));
        var report = await partner.RegisterPersonAsync(Register(Person("Report", PersonRole.Mentee, SeniorityLevel.Junior)));
        await partner.SetLineManagerAsync(new SetLineManagerRequest { Name = report.Name, LineManager = boss.Name });

        var export = await admin.ExportPersonAsync(new ExportPersonRequest { Name = boss.Name });

        Assert.Equal(boss.Email, export.Person.Email);
        Assert.Equal([report.Name], export.DirectReports);
        Assert.Null(export.Credentialing); // never applied
        Assert.Contains(export.AuditRecords, r => r.Action.EndsWith("/RegisterPerson") && r.Resource == boss.Name);
        var partnerExport = await Assert.ThrowsAsync<RpcException>(() => partner.ExportPersonAsync(new ExportPersonRequest { Name = boss.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, partnerExport.StatusCode);
        using var http = Service("profile").CreateHttpClient(await TestIdentity.AdministratorAsync());
        Assert.Contains(boss.Email, await http.GetStringAsync($"/profile/v1/{boss.Name}:export"));
    }

    [Fact]
    public async Task An_erased_person_disappears_from_every_service_and_from_published_events()
    {
        var ada = await partner.RegisterPersonAsync(Register(Person("Ada Erasable", PersonRole.Mentor, SeniorityLevel.Senior, "engineering")));
        var report = await partner.RegisterPersonAsync(Register(Person("Report", PersonRole.Mentee, SeniorityLevel.Junior, "engineering")));
        await partner.SetLineManagerAsync(new SetLineManagerRequest { Name = report.Name, LineManager = ada.Name });
        await partner.SetLineManagerAsync(new SetLineManagerRequest { Name = report.Name, LineManager = "" });
        var participant = "participants/" + ada.Name["people/".Length..];
        var scheduling = Client<SchedulingV1.SchedulingService.SchedulingServiceClient>("scheduling", token);
        var feedback = Client<FeedbackV1.FeedbackService.FeedbackServiceClient>("feedback", token);
        var matching = Client<MatchingService.MatchingServiceClient>("matching", token);
        await Eventually.True("every service knows Ada", async () =>
        {
            try
            {
                await scheduling.GetParticipantAsync(new SchedulingV1.GetParticipantRequest { Name = participant });
                await feedback.GetParticipantAsync(new FeedbackV1.GetParticipantRequest { Name = participant });
                return (await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = report.Name })).Candidates.Count == 1;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return false; }
        });
        await partner.SetLineManagerAsync(new SetLineManagerRequest { Name = report.Name, LineManager = ada.Name });
        await partner.UpdateAvailabilityAsync(new UpdateAvailabilityRequest
        {
            Availability = new Availability
            {
                Name = ada.Name + "/availability",
                WeeklyWindows = { new WeeklyWindow { DayOfWeek = Mentoring.Contracts.Profile.V1.DayOfWeek.Monday, StartTime = "09:00", EndTime = "12:00" } },
            },
        });
        await Eventually.True("the outbox is published", async () => await CountAsync("SELECT count(*) FROM profile.outbox WHERE published_at IS NULL") == 0);

        await admin.ErasePersonAsync(new ErasePersonRequest { Name = ada.Name });

        var gone = await Assert.ThrowsAsync<RpcException>(() => partner.GetPersonAsync(new GetPersonRequest { Name = ada.Name }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Empty((await partner.GetPersonAsync(new GetPersonRequest { Name = report.Name })).LineManager);
        var noAvailability = await Assert.ThrowsAsync<RpcException>(() =>
            partner.GetAvailabilityAsync(new GetAvailabilityRequest { Name = ada.Name + "/availability" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noAvailability.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM profile.outbox WHERE published_at IS NOT NULL AND envelope::text LIKE '%' || @email || '%'", new { email = ada.Email }));
        await Eventually.True("scheduling and feedback forget Ada", async () =>
        {
            try { await scheduling.GetParticipantAsync(new SchedulingV1.GetParticipantRequest { Name = participant }); return false; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { }
            try { await feedback.GetParticipantAsync(new FeedbackV1.GetParticipantRequest { Name = participant }); return false; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return true; }
        });
        await Eventually.True("matching forgets Ada", async () =>
            (await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = report.Name })).Candidates.Count == 0);
        // Each projection forgets her in its own transaction, so the last of the three may still be under way.
        await Eventually.True("no projection keeps Ada's name", async () => await CountAsync(
            "SELECT (SELECT count(*) FROM matching.candidate WHERE display_name LIKE 'Ada%') + (SELECT count(*) FROM scheduling.participant WHERE display_name LIKE 'Ada%') + (SELECT count(*) FROM feedback.participant WHERE display_name LIKE 'Ada%')") == 0);

        var again = await Assert.ThrowsAsync<RpcException>(() => admin.ErasePersonAsync(new ErasePersonRequest { Name = ada.Name }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        var byPartner = await Assert.ThrowsAsync<RpcException>(() => partner.ErasePersonAsync(new ErasePersonRequest { Name = report.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byPartner.StatusCode);
    }

    [Fact]
    public async Task A_late_update_cannot_bring_an_erased_person_back()
    {
        var ada = await partner.RegisterPersonAsync(Register(Person("Ada Late", PersonRole.Mentor, SeniorityLevel.Senior)));
        await admin.ErasePersonAsync(new ErasePersonRequest { Name = ada.Name });
        await Eventually.True("scheduling has the tombstone", async () =>
            await CountAsync("SELECT count(*) FROM scheduling.participant WHERE display_name = '' AND version = 9223372036854775807") == 1);

        // A change of Ada that reaches scheduling after the erasure (its own subscriber, its own cursor).
        var late = CloudEvent.Create(new PersonUpdated { Person = ada.Clone(), Version = 7, ChangedFields = { "display_name" } },
            "profile", TestIdentity.Acme, TimeProvider.System);
        var dispatcher = Service("scheduling").Services.GetRequiredService<EventDispatcher>();
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync("participant-updates", late, default));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM scheduling.participant WHERE display_name LIKE 'Ada%'"));
        var scheduling = Client<SchedulingV1.SchedulingService.SchedulingServiceClient>("scheduling", token);
        var e = await Assert.ThrowsAsync<RpcException>(() => scheduling.GetParticipantAsync(
            new SchedulingV1.GetParticipantRequest { Name = "participants/" + ada.Name["people/".Length..] }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }
}
