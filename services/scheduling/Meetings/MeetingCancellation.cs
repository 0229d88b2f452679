using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Npgsql;

namespace Mentoring.Scheduling.Meetings;

/// <summary>Cancels a relationship's meetings still to come (when it closes), each with <c>MeetingCancelled</c>.</summary>
public sealed class MeetingCancellation(Outbox outbox, TimeProvider clock)
{
    public async Task CancelFutureAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = (await c.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE meeting SET state = @cancelled, cancel_reason = @reason, sequence = sequence + 1, version = version + 1, updated_at = now()
            WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND start_at > @now AND state IN (@proposed, @confirmed)
            RETURNING id
            """,
            new
            {
                tenantId, relationshipId, reason, now,
                cancelled = (short)Contracts.Scheduling.V1.MeetingState.Cancelled,
                proposed = (short)Contracts.Scheduling.V1.MeetingState.Proposed,
                confirmed = (short)Contracts.Scheduling.V1.MeetingState.Confirmed,
            }, tx, cancellationToken: ct))).ToArray();
        if (ids.Length == 0) return;
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE meeting_attendee SET busy = false WHERE tenant_id = @tenantId AND meeting_id = ANY(@ids)",
            new { tenantId, ids }, tx, cancellationToken: ct));
        var meetings = await MeetingStore.QueryAsync(c, tx, tenantId, "m.id = ANY(@ids)", new { ids }, ct);
        await outbox.EnqueueAllAsync(meetings.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Cancelled(m, late: false)).ToList(), tenantId, c, tx, ct);
    }
}
