using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Calendars.Feeds;

/// <summary>Get, reset and revoke a person's calendar feed (the person only, by the policy table).</summary>
public sealed class CalendarFeedHandlers(TenantDatabase db)
{
    private sealed record Row(DateTime CreatedAt);

    public async Task<CalendarFeed> GetAsync(string name, CancellationToken ct)
    {
        var person = FeedTokens.Person(name);
        var tenantId = db.TenantId;
        var row = await db.InTransactionAsync((c, tx, token) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT created_at AS CreatedAt FROM calendar_feed WHERE tenant_id = @tenantId AND person_id = @person",
            new { tenantId, person }, tx, cancellationToken: token)), ct);
        return new CalendarFeed { Name = name, Active = row is not null, CreateTime = row is null ? null : MeetingRecord.Utc(row.CreatedAt) };
    }

    public async Task<CalendarFeed> ResetAsync(string name, CancellationToken ct)
    {
        var person = FeedTokens.Person(name);
        var secret = FeedTokens.New();
        var tenantId = db.TenantId;
        var createdAt = await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            """
            INSERT INTO calendar_feed (tenant_id, person_id, token_hash) VALUES (@tenantId, @person, @hash)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()
            RETURNING created_at
            """, new { tenantId, person, hash = FeedTokens.Hash(secret) }, tx, cancellationToken: token)), ct);
        return new CalendarFeed { Name = name, Active = true, UrlPath = FeedTokens.PathOf(secret), CreateTime = MeetingRecord.Utc(createdAt) };
    }

    public async Task<CalendarFeed> RevokeAsync(string name, CancellationToken ct)
    {
        var person = FeedTokens.Person(name);
        var tenantId = db.TenantId;
        await db.InTransactionAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM calendar_feed WHERE tenant_id = @tenantId AND person_id = @person",
            new { tenantId, person }, tx, cancellationToken: token)), ct);
        return new CalendarFeed { Name = name, Active = false };
    }
}
