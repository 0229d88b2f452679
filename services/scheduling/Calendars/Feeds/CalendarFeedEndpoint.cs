using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Calendars.Feeds;

/// <summary>
/// <c>GET /scheduling/feeds/{token}.ics</c>: a person's meetings (30 days back to a year ahead,
/// cancelled ones as STATUS:CANCELLED) for calendar clients, which cannot sign in; the secret
/// token is the key. An unknown or revoked token is a plain 404, the same for every mistake.
/// </summary>
public static class CalendarFeedEndpoint
{
    private sealed record Owner(string TenantId, Guid PersonId);

    public static WebApplication MapCalendarFeeds(this WebApplication app)
    {
        app.MapGet(FeedTokens.PathPrefix + "{file}", async (string file, ServiceDatabase db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (!file.EndsWith(".ics", StringComparison.Ordinal) || file.Length is < 10 or > 100) return Results.NotFound();
            var hash = FeedTokens.Hash(file[..^4]);
            var now = clock.GetUtcNow().UtcDateTime;
            var ics = await db.InTransactionAsync(async (c, tx, token) =>
            {
                var owner = await c.QuerySingleOrDefaultAsync<Owner>(new CommandDefinition(
                    "SELECT tenant_id AS TenantId, person_id AS PersonId FROM calendar_feed WHERE token_hash = @hash",
                    new { hash }, tx, cancellationToken: token));
                if (owner is null) return null;
                await TenantScope.EnterAsync(c, tx, owner.TenantId, token);
                var meetings = await MeetingStore.QueryAsync(c, tx, owner.TenantId,
                    """
                    EXISTS (SELECT 1 FROM meeting_attendee a WHERE a.tenant_id = m.tenant_id AND a.meeting_id = m.id AND a.person_id = @person)
                    AND m.end_at > @from AND m.start_at < @to ORDER BY m.start_at, m.id
                    """, new { person = owner.PersonId, from = now.AddDays(-30), to = now.AddDays(365) }, token);
                return MeetingCalendar.Write(meetings, "Mentoring");
            }, ct);
            if (ics is null) return Results.NotFound();
            http.Response.Headers.CacheControl = "private, max-age=300";
            return Results.Text(ics, MeetingCalendar.ContentType);
        }).AllowAnonymous();
        return app;
    }
}
