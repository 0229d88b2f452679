using Dapper;
using Mentoring.BuildingBlocks.Events.Transports.Postgres;
using Mentoring.BuildingBlocks.Persistence;

namespace Mentoring.BuildingBlocks.Events.Operations;

public sealed record DeadLetter(
    string Subscriber, Guid EventId, string Topic, int Attempts, string LastError,
    DateTime FirstFailedAt, DateTime DeadLetteredAt);

public sealed record PendingOutboxEvent(
    Guid EventId, string Topic, int Attempts, string? LastError, DateTime CreatedAt, DateTime NextAttemptAt);

/// <summary>
/// What administrators see and do about events that did not go through: dead letters and the
/// unpublished outbox — of their own organisation only.
/// </summary>
public sealed class EventOperations(ServiceDatabase db, SubscriberSignal signal)
{
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string tenantId, CancellationToken ct) =>
        await db.RunAsync(async (connection, token) => (await connection.QueryAsync<DeadLetter>(new CommandDefinition(
            """
            SELECT subscriber, event_id AS EventId, topic, attempts, last_error AS LastError,
                   first_failed_at AS FirstFailedAt, dead_lettered_at AS DeadLetteredAt
            FROM event_failure WHERE dead_lettered_at IS NOT NULL AND envelope->>'tenantid' = @tenantId
            ORDER BY dead_lettered_at, subscriber, event_id
            """, new { tenantId }, cancellationToken: token))).ToList(), ct);

    /// <summary>Puts a dead letter back in line for immediate redelivery with a fresh attempt count.</summary>
    public async Task<bool> ReplayDeadLetterAsync(string tenantId, string subscriber, Guid eventId, CancellationToken ct)
    {
        var replayed = await db.RunAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_failure SET dead_lettered_at = NULL, attempts = 0, next_attempt_at = now()
            WHERE subscriber = @subscriber AND event_id = @eventId AND dead_lettered_at IS NOT NULL
              AND envelope->>'tenantid' = @tenantId
            """, new { tenantId, subscriber, eventId }, cancellationToken: token)), ct) == 1;
        if (replayed) signal.Pulse();
        return replayed;
    }

    public async Task<IReadOnlyList<PendingOutboxEvent>> ListUnpublishedAsync(string tenantId, CancellationToken ct) =>
        await db.RunAsync(async (connection, token) => (await connection.QueryAsync<PendingOutboxEvent>(new CommandDefinition(
            """
            SELECT event_id AS EventId, topic, attempts, last_error AS LastError,
                   created_at AS CreatedAt, next_attempt_at AS NextAttemptAt
            FROM outbox WHERE published_at IS NULL AND tenant_id = @tenantId ORDER BY position LIMIT 1000
            """, new { tenantId }, cancellationToken: token))).ToList(), ct);
}
