using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>
/// What feedback learns from the other services, published as they would publish it: relationships
/// and their phases (matching), held meetings (scheduling). Each call waits until feedback has it.
/// </summary>
public sealed class FeedbackWorld(TestDatabase db)
{
    /// <summary>A relationship of the mentors and mentees in <paramref name="state"/>.</summary>
    public async Task<string> RelationshipAsync(string[] mentors, string[] mentees, RelationshipState state = RelationshipState.Contracting, string? programme = null,
        MentoringModel model = MentoringModel.OneToOne)
    {
        var relationship = $"relationships/{Guid.NewGuid()}";
        await StateAsync(relationship, mentors, mentees, state, version: 1, programme, model);
        return relationship;
    }

    public async Task StateAsync(string relationship, string[] mentors, string[] mentees, RelationshipState state, long version, string? programme = null,
        MentoringModel model = MentoringModel.OneToOne)
    {
        var e = new RelationshipStateChanged
        {
            Relationship = relationship, Programme = programme ?? $"programmes/{Guid.NewGuid()}", State = state, Version = version, Model = model,
        };
        e.Mentors.AddRange(mentors);
        e.Mentees.AddRange(mentees);
        await EventBus.PublishAsync(db, e, "matching");
        var id = Id(relationship);
        await WaitAsync($"feedback has {relationship} at version {version}",
            "SELECT EXISTS (SELECT 1 FROM feedback.relationship WHERE id = @id AND version >= @version)", new { id, version });
    }

    /// <summary>The person as profile registered them (feedback knows people from <c>PersonRegistered</c>).</summary>
    public async Task PersonAsync(string person, string displayName = "Someone")
    {
        await EventBus.PublishAsync(db, new PersonRegistered { Person = new Mentoring.Contracts.Profile.V1.Person { Name = person, DisplayName = displayName } }, "profile");
        var id = Id(person);
        await WaitAsync($"feedback knows {person}", "SELECT EXISTS (SELECT 1 FROM feedback.participant WHERE person_id = @id)", new { id });
    }

    /// <summary>A meeting of the relationship that scheduling recorded as held, <paramref name="ago"/> ago.</summary>
    public async Task<string> HeldMeetingAsync(string relationship, string[] attendees, TimeSpan ago, string[]? absent = null)
    {
        var meeting = $"meetings/{Guid.NewGuid()}";
        var e = new MeetingHeld
        {
            Meeting = meeting, Relationship = relationship, StartTime = Timestamp.FromDateTime(DateTime.UtcNow - ago), DurationMinutes = 60,
        };
        e.Attendees.AddRange(attendees);
        e.Absent.AddRange(absent ?? []);
        await EventBus.PublishAsync(db, e, "scheduling");
        var id = Id(meeting);
        await WaitAsync($"feedback knows {meeting} was held", "SELECT EXISTS (SELECT 1 FROM feedback.meeting_outcome WHERE meeting_id = @id AND held)", new { id });
        return meeting;
    }

    /// <summary>A meeting of the relationship that scheduling recorded as missed, <paramref name="ago"/> ago.</summary>
    public async Task<string> MissedMeetingAsync(string relationship, string[] participants, TimeSpan ago)
    {
        var meeting = $"meetings/{Guid.NewGuid()}";
        var e = new MeetingMissed { Meeting = meeting, Relationship = relationship, StartTime = Timestamp.FromDateTime(DateTime.UtcNow - ago) };
        e.Participants.AddRange(participants);
        await EventBus.PublishAsync(db, e, "scheduling");
        var id = Id(meeting);
        await WaitAsync($"feedback knows {meeting} was missed", "SELECT EXISTS (SELECT 1 FROM feedback.meeting_outcome WHERE meeting_id = @id AND NOT held)", new { id });
        return meeting;
    }

    /// <summary>Moves the relationship's start back in time (as time would pass), e.g. so that fit checks fall due.</summary>
    public async Task BecameActiveAgoAsync(string relationship, TimeSpan ago)
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync("UPDATE feedback.relationship SET active_since = now() - @ago WHERE id = @id", new { id = Id(relationship), ago });
    }

    /// <summary>The programme feedback holds for the relationship, <c>programmes/{id}</c>.</summary>
    public async Task<string> ProgrammeOfAsync(string relationship)
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return "programmes/" + await c.ExecuteScalarAsync<Guid>("SELECT programme_id FROM feedback.relationship WHERE id = @id", new { id = Id(relationship) });
    }

    /// <summary>
    /// How many events of this type feedback has queued in its outbox: written in the same transaction as
    /// the change, so "none" is true at once, unlike a read of the bus, which the relay fills later.
    /// </summary>
    public async Task<int> QueuedAsync<TEvent>() where TEvent : Google.Protobuf.IMessage<TEvent>, new()
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feedback.outbox WHERE type = @type",
            new { type = new TEvent().Descriptor.FullName });
    }

    private async Task WaitAsync(string what, string sql, object parameters) =>
        await Eventually.True(what, async () =>
        {
            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>(sql, parameters);
        });

    public static Guid Id(string name) => Guid.Parse(name[(name.LastIndexOf('/') + 1)..]);
}
