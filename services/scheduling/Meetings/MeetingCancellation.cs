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
            SELECT id FROM meeting
            WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND start_at > @now AND state IN (@proposed, @confirmed)
            FOR UPDATE
            """,
            new
            {
                tenantId, relationshipId, now,
                proposed = (short)Contracts.Scheduling.V1.MeetingState.Proposed,
                confirmed = (short)Contracts.Scheduling.V1.MeetingState.Confirmed,
            }, tx, cancellationToken: ct))).ToArray();
        var meetings = await MeetingWriter.CancelAsync(c, tx, tenantId, ids, reason, [], ct);
        if (meetings.Count == 0) return;
        await outbox.EnqueueAllAsync(meetings.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Cancelled(m, late: false)).ToList(), tenantId, c, tx, ct);
    }
}
