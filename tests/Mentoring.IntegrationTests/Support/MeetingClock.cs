using Dapper;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Time passing for a meeting, in the database: what a test needs before attendance can be recorded.</summary>
public static class MeetingClock
{
    /// <summary>Moves a meeting (and its attendees' copies of its times) to have started <paramref name="ago"/>, keeping its length.</summary>
    public static async Task MoveIntoThePastAsync(TestDatabase db, string meeting, TimeSpan ago)
    {
        var id = Guid.Parse(meeting["meetings/".Length..]);
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            UPDATE scheduling.meeting SET start_at = now() - @ago, end_at = now() - @ago + (end_at - start_at) WHERE id = @id;
            UPDATE scheduling.meeting_attendee a SET start_at = m.start_at, end_at = m.end_at FROM scheduling.meeting m WHERE a.meeting_id = m.id AND m.id = @id;
            """, new { id, ago });
    }
}
