using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.People;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Availability.UpdateAvailability;

/// <summary>
/// Replaces a person's weekly windows and exceptions as a whole and queues <c>AvailabilityChanged</c> in
/// the same transaction. Updates of one person are serialised by locking the person's row.
/// </summary>
public sealed class UpdateAvailabilityHandler(TenantDatabase db, Outbox outbox)
{
    public async Task<Proto.Availability> HandleAsync(Proto.UpdateAvailabilityRequest request, CancellationToken ct)
    {
        var (violations, parsed) = UpdateAvailabilityValidator.Validate(request);
        violations.ThrowIfAny();
        var (personId, windows, exceptions) = parsed!;
        var name = request.Availability.Name;

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var current = await AvailabilityStore.LoadAsync(c, tx, tenantId, personId, token, forUpdate: true)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));
            var etag = request.Availability.Etag;
            if (etag.Length > 0 && etag != AvailabilityRecord.EtagOf(current.Version))
                throw new RpcException(new Status(StatusCode.Aborted, $"{name} changed since it was read (etag {etag})."));

            var key = new { tenantId, personId };
            await c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM availability_window WHERE tenant_id = @tenantId AND person_id = @personId;
                DELETE FROM availability_exception WHERE tenant_id = @tenantId AND person_id = @personId;
                """, key, tx, cancellationToken: token));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO availability_window (tenant_id, person_id, position, day_of_week, start_minute, end_minute)
                SELECT @tenantId, @personId, t.ord, t.d, t.s, t.e
                FROM unnest(@days::smallint[], @starts::smallint[], @ends::smallint[]) WITH ORDINALITY AS t(d, s, e, ord)
                """,
                new
                {
                    tenantId, personId,
                    days = windows.Select(w => w.DayOfWeek).ToArray(),
                    starts = windows.Select(w => w.StartMinute).ToArray(),
                    ends = windows.Select(w => w.EndMinute).ToArray(),
                }, tx, cancellationToken: token));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO availability_exception (tenant_id, person_id, position, date, start_minute, end_minute)
                SELECT @tenantId, @personId, t.ord, t.d::date, NULLIF(t.s, -1), NULLIF(t.e, -1)
                FROM unnest(@dates::text[], @starts::smallint[], @ends::smallint[]) WITH ORDINALITY AS t(d, s, e, ord)
                """,
                new
                {
                    tenantId, personId,
                    dates = exceptions.Select(x => x.Date).ToArray(),
                    starts = exceptions.Select(x => x.StartMinute ?? (short)-1).ToArray(),
                    ends = exceptions.Select(x => x.EndMinute ?? (short)-1).ToArray(),
                }, tx, cancellationToken: token));
            var (version, updatedAt) = await c.QuerySingleAsync<(int, DateTime)>(new CommandDefinition(
                """
                INSERT INTO availability (tenant_id, person_id) VALUES (@tenantId, @personId)
                ON CONFLICT (tenant_id, person_id) DO UPDATE SET version = availability.version + 1, updated_at = now()
                RETURNING version, updated_at
                """, key, tx, cancellationToken: token));

            var updated = (current with { Version = version, UpdatedAt = updatedAt, Windows = windows, Exceptions = exceptions }).ToProto();
            await outbox.EnqueueAsync(new AvailabilityChanged
            {
                Person = ResourceName.Format(PersonRecord.Collection, personId),
                Availability = updated,
            }, tenantId, c, tx, token);
            return updated;
        }, ct);
    }
}
