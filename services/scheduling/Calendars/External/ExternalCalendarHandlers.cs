using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Microsoft.Extensions.Options;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>Get, link, unlink and sync a person's published calendar (the person only, by the policy table).</summary>
public sealed class ExternalCalendarHandlers(TenantDatabase db, ExternalCalendarSync sync, TimeProvider clock, IOptions<ExternalCalendarOptions> options)
{
    public async Task<ExternalCalendar> GetAsync(GetExternalCalendarRequest request, CancellationToken ct)
    {
        var person = ExternalCalendarStore.Person(request.Name);
        var tenantId = db.TenantId;
        var row = await db.InTransactionAsync((c, tx, token) => ExternalCalendarStore.LoadAsync(c, tx, tenantId, person, token), ct);
        return ExternalCalendarStore.ToMessage(person, row);
    }

    /// <summary>Links (or replaces) the calendar: its state starts afresh and it is due for a sync at once.</summary>
    public async Task<ExternalCalendar> LinkAsync(LinkExternalCalendarRequest request, CancellationToken ct)
    {
        var v = new Violations();
        var person = ExternalCalendarStore.Person(request.Name, v);
        if (ExternalCalendarUrl.Problem(request.Url, options.Value.ExternalCalendarAllowInsecureUrls) is { } problem) v.Add("url", problem);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.InTransactionAsync(async (c, tx, token) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM external_busy WHERE tenant_id = @tenantId AND person_id = @person;
                INSERT INTO external_calendar (tenant_id, person_id, url, linked_at) VALUES (@tenantId, @person, @url, @now)
                ON CONFLICT (tenant_id, person_id) DO UPDATE
                    SET url = excluded.url, linked_at = excluded.linked_at, last_sync_at = NULL, last_success_at = NULL,
                        last_error = '', busy_interval_count = 0;
                INSERT INTO external_calendar_due (tenant_id, person_id, due_at) VALUES (@tenantId, @person, @now)
                ON CONFLICT (tenant_id, person_id) DO UPDATE SET due_at = excluded.due_at;
                """, new { tenantId, person, url = request.Url, now }, tx, cancellationToken: token));
            return await ExternalCalendarStore.LoadAsync(c, tx, tenantId, person, token);
        }, ct);
        return ExternalCalendarStore.ToMessage(person, row);
    }

    /// <summary>Unlinks the calendar; its busy intervals and due time go with it.</summary>
    public async Task<ExternalCalendar> UnlinkAsync(UnlinkExternalCalendarRequest request, CancellationToken ct)
    {
        var person = ExternalCalendarStore.Person(request.Name);
        var tenantId = db.TenantId;
        await db.InTransactionAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM external_busy WHERE tenant_id = @tenantId AND person_id = @person;
            DELETE FROM external_calendar_due WHERE tenant_id = @tenantId AND person_id = @person;
            DELETE FROM external_calendar WHERE tenant_id = @tenantId AND person_id = @person;
            """, new { tenantId, person }, tx, cancellationToken: token)), ct);
        return ExternalCalendarStore.ToMessage(person, null);
    }

    public async Task<ExternalCalendar> SyncAsync(SyncExternalCalendarRequest request, CancellationToken ct)
    {
        var person = ExternalCalendarStore.Person(request.Name);
        var row = await sync.SyncAsync(db.TenantId, person, ct) ?? throw ExternalCalendarStore.NotLinked(person);
        return ExternalCalendarStore.ToMessage(person, row);
    }
}
