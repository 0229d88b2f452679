using Ical.Net;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Scheduling.Reminders;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Reminder and attendance mails over real SMTP (an in-process server): each participant's language and clock, the .ics attached.</summary>
public sealed class NotificationsTests() : ServicesUnderTest("scheduling")
{
    private readonly SmtpSink smtp = SmtpSink.Start();
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!;
    private readonly string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";
    private string relationship = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Scheduling:ReminderOffsets:0"] = "01:00:00",
        ["Notifications:Email:Enabled"] = "true",
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = smtp.Port.ToString(),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentor, "Europe/Paris", "mentor@acme.example", "fr-FR");
        await world.PersonAsync(mentee, "America/New_York", "mentee@acme.example", "");
        await world.KnownAsync(mentor, withAvailability: false);
        await world.KnownAsync(mentee, withAvailability: false);
        relationship = await world.RelationshipAsync([mentor], [mentee]);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await smtp.DisposeAsync();
    }

    private Task SweepAsync() => Service("scheduling").Services.GetRequiredService<ReminderSweeper>().SweepAsync(CancellationToken.None);

    [Fact]
    public async Task A_due_reminder_mails_each_participant_in_their_language_and_zone_with_the_calendar_entry()
    {
        var meeting = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, DateTime.UtcNow.AddDays(3)));
        var start = new DateTime(DateTime.UtcNow.AddMinutes(30).Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        await world.SetTimesAsync(meeting.Name, start, start.AddHours(1), DateTime.UtcNow.AddDays(-2));

        await SweepAsync();
        var mails = await Eventually.Until("two reminder mails", () => Task.FromResult(smtp.Messages.Count >= 2 ? smtp.Messages : null));

        var toMentor = mails.Single(m => m.To.Mailboxes.Single().Address == "mentor@acme.example");
        var toMentee = mails.Single(m => m.To.Mailboxes.Single().Address == "mentee@acme.example");
        Assert.StartsWith("Rappel : Weekly check-in", toMentor.Subject);
        Assert.StartsWith("Reminder: Weekly check-in", toMentee.Subject);
        var paris = TimeZoneInfo.ConvertTimeFromUtc(start, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var newYork = TimeZoneInfo.ConvertTimeFromUtc(start, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Contains(paris.ToString("HH:mm"), toMentor.TextBody);
        Assert.Contains(newYork.ToString("h:mm"), toMentee.TextBody);
        Assert.Contains("https://meet.example/abc", toMentee.TextBody);

        var attachment = (MimePart)toMentee.Attachments.Single();
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var e = Assert.Single(Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!.Events);
        Assert.Equal(start, e.Start!.AsUtc);

        // Swept again: nothing new is due, nobody is mailed twice.
        await SweepAsync();
        await Eventually.True("the outbox is drained", async () => (await EventBus.ReadAsync<Mentoring.Contracts.Events.V1.MeetingReminderDue>(Db)).Count == 1);
        Assert.Equal(2, smtp.Messages.Count);
    }
}
