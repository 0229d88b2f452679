using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>
/// What scheduling learns from the other services, published as they would publish it: people
/// with their zones and availability (profile), relationships and their phases (matching). Tests
/// then wait until scheduling has projected it.
/// </summary>
public sealed class SchedulingWorld(TestDatabase db, SchedulingService.SchedulingServiceClient partner)
{
    public Task PersonAsync(string person, string zone, params (Proto.DayOfWeek Day, string Start, string End)[] windows) =>
        PersonAsync(person, zone, "", "", windows);

    /// <summary>A person with an e-mail address and a language (for notifications).</summary>
    public async Task PersonAsync(string person, string zone, string email, string language, params (Proto.DayOfWeek Day, string Start, string End)[] windows)
    {
        var p = new Proto.Person { Name = person, DisplayName = "P " + person[^4..], TimeZone = zone, Email = email, CreateTime = Timestamp.FromDateTime(DateTime.UtcNow) };
        if (language.Length > 0) p.Languages.Add(language);
        await EventBus.PublishAsync(db, new PersonRegistered { Person = p }, "profile");
        if (windows.Length == 0) return;
        var availability = new Proto.Availability { Name = person + "/availability", TimeZone = zone, Etag = "\"1\"" };
        availability.WeeklyWindows.AddRange(windows.Select(w => new Proto.WeeklyWindow { DayOfWeek = w.Day, StartTime = w.Start, EndTime = w.End }));
        await EventBus.PublishAsync(db, new AvailabilityChanged { Person = person, Availability = availability }, "profile");
    }

    /// <summary>Every weekday, the same local hours.</summary>
    public static (Proto.DayOfWeek, string, string)[] Weekdays(string start, string end) =>
        Enumerable.Range(1, 5).Select(d => ((Proto.DayOfWeek)d, start, end)).ToArray();

    /// <summary>A relationship of the mentors and mentees in <paramref name="state"/>; waits until scheduling has it.</summary>
    public async Task<string> RelationshipAsync(string[] mentors, string[] mentees, RelationshipState state = RelationshipState.Active, long version = 1)
    {
        var relationship = $"relationships/{Guid.NewGuid()}";
        await StateAsync(relationship, mentors, mentees, state, version);
        return relationship;
    }

    public Task StateAsync(string relationship, string[] mentors, string[] mentees, RelationshipState state, long version) =>
        MatchingEvents.StateAsync(db, "scheduling", relationship, mentors, mentees, state, version);

    /// <summary>Waits until scheduling knows the person (their zone) and, when given, their availability.</summary>
    public async Task KnownAsync(string person, bool withAvailability)
    {
        var id = Guid.Parse(person["people/".Length..]);
        await Eventually.True($"scheduling knows {person}", async () =>
        {
            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM scheduling.participant WHERE person_id = @id) AND (NOT @withAvailability OR EXISTS (SELECT 1 FROM scheduling.availability WHERE person_id = @id))",
                new { id, withAvailability });
        });
    }

    public static ProposeMeetingRequest Proposal(string relationship, DateTime start, int minutes = 60, string requestId = "") => new()
    {
        Meeting = new Meeting
        {
            Relationship = relationship,
            StartTime = Timestamp.FromDateTime(DateTime.SpecifyKind(start, DateTimeKind.Utc)),
            EndTime = Timestamp.FromDateTime(DateTime.SpecifyKind(start.AddMinutes(minutes), DateTimeKind.Utc)),
            Format = Proto.MeetingFormat.Video,
            JoinUrl = "https://meet.example/abc",
            Title = "Weekly check-in",
        },
        RequestId = requestId,
    };

    /// <summary>Moves a meeting into the past (as time would), so attendance can be recorded.</summary>
    public Task MoveIntoThePastAsync(string meeting, TimeSpan ago) => MeetingClock.MoveIntoThePastAsync(db, meeting, ago);

    /// <summary>Sets a meeting's times as if it had been booked at <paramref name="bookedAt"/> (time passing, for the reminder sweeper).</summary>
    public async Task SetTimesAsync(string meeting, DateTime start, DateTime end, DateTime bookedAt)
    {
        var id = Guid.Parse(meeting["meetings/".Length..]);
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            UPDATE scheduling.meeting SET start_at = @start, end_at = @end, updated_at = @bookedAt WHERE id = @id;
            UPDATE scheduling.meeting_attendee SET start_at = @start, end_at = @end WHERE meeting_id = @id;
            """, new { id, start, end, bookedAt });
    }

    public async Task<long> MeetingsStoredAsync()
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scheduling.meeting");
    }

    public SchedulingService.SchedulingServiceClient Partner => partner;
}
