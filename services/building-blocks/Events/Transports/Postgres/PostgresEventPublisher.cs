using Dapper;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>
/// Appends the event to the shared log <c>eventbus.log</c>; a trigger NOTIFYs subscribers on
/// commit. Appending the same event id twice (a relay retry after a crash) is a no-op.
/// </summary>
public sealed class PostgresEventPublisher(NpgsqlDataSource dataSource) : IEventPublisher
{
    public async Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            VALUES (@Id, @topic, @Type, @TenantId, @Envelope::jsonb)
            ON CONFLICT (event_id) DO NOTHING
            """,
            new { Id = envelope.EventId, topic, envelope.Type, envelope.TenantId, Envelope = envelope.ToJson() },
            cancellationToken: ct));
    }
}
