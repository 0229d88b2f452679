using Dapper;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Npgsql;

namespace Mentoring.Scheduling.Speed;

public sealed record ConversationRow(int Round, int TableNo, Guid MentorId, Guid MenteeId, DateTime StartAt, DateTime EndAt, string Place);

/// <summary>A booked speed event and its conversations, and its mapping to the contract.</summary>
public sealed record SpeedEventRecord(Guid Id, Guid PlanId, Guid ProgrammeId, short Format, string Location, string JoinUrl, IReadOnlyList<ConversationRow> Conversations)
{
    /// <summary>The rounds with their times, even a round in which a given person rests.</summary>
    public IEnumerable<(int Round, DateTime Start, DateTime End)> Rounds =>
        Conversations.GroupBy(c => c.Round).OrderBy(g => g.Key).Select(g => (g.Key, g.First().StartAt, g.First().EndAt));

    public SpeedEvent ToProto()
    {
        var e = new SpeedEvent
        {
            Name = SpeedNames.Event(Id), Plan = SpeedNames.Plan(ProgrammeId, PlanId), Format = (MeetingFormat)Format,
            Location = Format == (short)MeetingFormat.Video ? JoinUrl : Location,
        };
        foreach (var (round, start, end) in Rounds)
        {
            var r = new SpeedEventRound { Number = round, StartTime = MeetingRecord.Utc(start), EndTime = MeetingRecord.Utc(end) };
            r.Conversations.AddRange(Conversations.Where(c => c.Round == round).OrderBy(c => c.TableNo).Select(c => new SpeedConversation
            {
                Mentor = MeetingRecord.Person(c.MentorId), Mentee = MeetingRecord.Person(c.MenteeId), Table = c.TableNo, Place = c.Place,
            }));
            e.Rounds.Add(r);
        }
        return e;
    }

    /// <summary>The person's round-by-round plan; null when they take no part in the event.</summary>
    public SpeedItinerary? ItineraryOf(Guid person)
    {
        var mine = Conversations.Where(c => c.MentorId == person || c.MenteeId == person).ToDictionary(c => c.Round);
        if (mine.Count == 0) return null;
        var itinerary = new SpeedItinerary { Name = SpeedNames.Itinerary(Id, person), Person = MeetingRecord.Person(person) };
        foreach (var (round, start, end) in Rounds)
        {
            var entry = new SpeedItineraryEntry { Round = round, StartTime = MeetingRecord.Utc(start), EndTime = MeetingRecord.Utc(end) };
            if (mine.TryGetValue(round, out var c))
            {
                entry.Partner = MeetingRecord.Person(c.MentorId == person ? c.MenteeId : c.MentorId);
                entry.Table = c.TableNo;
                entry.Place = c.Place;
            }
            itinerary.Entries.Add(entry);
        }
        return itinerary;
    }
}

public static class SpeedEventStore
{
    private sealed record Head(Guid Id, Guid PlanId, Guid ProgrammeId, short Format, string Location, string JoinUrl);

    public static async Task<SpeedEventRecord?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct)
    {
        var head = await c.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            """
            SELECT e.id AS Id, e.plan_id AS PlanId, p.programme_id AS ProgrammeId, e.format AS Format, e.location AS Location, e.join_url AS JoinUrl
            FROM speed_event e JOIN speed_plan p ON p.tenant_id = e.tenant_id AND p.id = e.plan_id
            WHERE e.tenant_id = @tenantId AND e.id = @id
            """, new { tenantId, id }, tx, cancellationToken: ct));
        if (head is null) return null;
        var conversations = await c.QueryAsync<ConversationRow>(new CommandDefinition(
            """
            SELECT round AS Round, table_no AS TableNo, mentor_id AS MentorId, mentee_id AS MenteeId, start_at AS StartAt, end_at AS EndAt, place AS Place
            FROM speed_conversation WHERE tenant_id = @tenantId AND event_id = @id ORDER BY round, table_no
            """, new { tenantId, id }, tx, cancellationToken: ct));
        return new SpeedEventRecord(head.Id, head.PlanId, head.ProgrammeId, head.Format, head.Location, head.JoinUrl, conversations.ToList());
    }
}
