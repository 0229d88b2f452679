using Mentoring.Client;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;

namespace PartnerSync;

/// <summary>
/// Prints the organisation's relationship events as they happen, with the client's resumable
/// WatchEvents: it reconnects by itself after a restart of the platform, and after each event (and
/// heartbeat) it saves the position in the cursor file, so that a restarted app goes on after it.
/// </summary>
public static class RelationshipWatch
{
    public static readonly string[] EventTypes =
        [RelationshipStateChanged.Descriptor.FullName, RelationshipParticipantsChanged.Descriptor.FullName];

    /// <param name="people">Person name → external id, to show the HR ids of people just imported.</param>
    public static async Task RunAsync(MentoringClient client, long? resumeAfter, CursorFile cursor, IReadOnlyDictionary<string, string> people,
        TextWriter output, CancellationToken ct)
    {
        var stream = client.WatchEvents(new WatchEventsOptions
        {
            EventTypes = EventTypes, ResumeAfter = resumeAfter, IncludeHeartbeats = true,
            OnReconnect = (error, wait) => output.WriteLine($"(stream interrupted{(error is null ? "" : $": {error.StatusCode}")}; reconnecting in {wait.TotalSeconds:0.0} s)"),
        });
        long? saved = resumeAfter;
        var started = false;
        await foreach (var item in stream.WithCancellation(ct))
        {
            if (item.Event is { } e) await output.WriteLineAsync(Describe(e, people));
            else if (!started) await output.WriteLineAsync($"watching relationship events after position {item.Position} (cursor file {cursor.Path})");
            started = true; // the first message of a stream is a heartbeat
            if (item.Position != saved)
            {
                cursor.Write(item.Position);
                saved = item.Position;
            }
        }
    }

    public static string Describe(PartnerEvent e, IReadOnlyDictionary<string, string> people)
    {
        string Who(IEnumerable<string> names) => string.Join(", ", names.Select(n => people.TryGetValue(n, out var id) ? $"{n} ({id})" : n));
        var what = "";
        if (e.Data.Is(RelationshipStateChanged.Descriptor))
        {
            var s = e.Data.Unpack<RelationshipStateChanged>();
            what = $"{s.Relationship} {Short(s.PreviousState)} -> {Short(s.State)}; mentors {Who(s.Mentors)}; mentees {Who(s.Mentees)}";
        }
        else if (e.Data.Is(RelationshipParticipantsChanged.Descriptor))
        {
            var p = e.Data.Unpack<RelationshipParticipantsChanged>();
            what = $"{p.Relationship} participants now: mentors {Who(p.Mentors)}; mentees {Who(p.Mentees)}";
        }
        return $"#{e.Position} {e.Time.ToDateTimeOffset():u} {e.Type["mentoring.events.v1.".Length..]} {what}";
    }

    private static string Short<T>(T state) where T : struct, Enum => Convert.ToInt32(state) == 0 ? "(new)" : state.ToString().ToUpperInvariant();
}
