using Dapper;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>
/// Appends events to the shared log <c>eventbus.log</c>; a trigger NOTIFYs subscribers on commit.
/// Appending the same event id twice (a relay retry after a crash) is a no-op. A batch is one
/// statement, so it is appended whole or not at all, in the order given.
/// </summary>
public sealed class PostgresEventPublisher(NpgsqlDataSource dataSource) : IBatchEventPublisher
{
    public Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct) => PublishBatchAsync([(topic, envelope)], ct);

    public async Task PublishBatchAsync(IReadOnlyList<(string Topic, CloudEvent Envelope)> events, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            SELECT id, topic, type, tenant_id, envelope::jsonb
            FROM unnest(@Ids, @Topics, @Types, @Tenants, @Envelopes) WITH ORDINALITY AS e (id, topic, type, tenant_id, envelope, ord)
            ORDER BY ord
            ON CONFLICT (event_id) DO NOTHING
            """,
            new
            {
                Ids = events.Select(e => e.Envelope.EventId).ToArray(),
                Topics = events.Select(e => e.Topic).ToArray(),
                Types = events.Select(e => e.Envelope.Type).ToArray(),
                Tenants = events.Select(e => e.Envelope.TenantId).ToArray(),
                Envelopes = events.Select(e => e.Envelope.ToJson()).ToArray(),
            },
            cancellationToken: ct));
    }
}
