using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Outbox;

/// <summary>Writes integration events into the service's outbox inside the caller's transaction.</summary>
public sealed class Outbox(ServiceOptions service, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>Adds several events to the transaction in one statement (bulk operations).</summary>
    public async Task EnqueueAllAsync(
        IReadOnlyCollection<IMessage> events, string tenantId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var envelopes = events.Select(e => (Envelope: CloudEvent.Create(e, service.Name, tenantId, clock), EventCatalogue.For(e).Topic)).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox (event_id, topic, type, tenant_id, envelope)
            SELECT * FROM unnest(@Ids, @Topics, @Types, @Tenants, @Envelopes::jsonb[])
            """,
            new
            {
                Ids = envelopes.Select(e => e.Envelope.EventId).ToArray(),
                Topics = envelopes.Select(e => e.Topic).ToArray(),
                Types = envelopes.Select(e => e.Envelope.Type).ToArray(),
                Tenants = envelopes.Select(_ => tenantId).ToArray(),
                Envelopes = envelopes.Select(e => e.Envelope.ToJson()).ToArray(),
            }, transaction, cancellationToken: ct));
        signal.Pulse();
    }

    /// <summary>Adds the event to the transaction; it is published only if the transaction commits.</summary>
    public async Task<CloudEvent> EnqueueAsync(
        IMessage @event, string tenantId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var envelope = CloudEvent.Create(@event, service.Name, tenantId, clock);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox (event_id, topic, type, tenant_id, envelope)
            VALUES (@Id, @Topic, @Type, @TenantId, @Envelope::jsonb)
            """,
            new { Id = envelope.EventId, EventCatalogue.For(@event).Topic, envelope.Type, envelope.TenantId, Envelope = envelope.ToJson() },
            transaction, cancellationToken: ct));
        // Wakes the relay; if the transaction rolls back the relay simply finds nothing new.
        signal.Pulse();
        return envelope;
    }
}

/// <summary>In-process wake-up for the relay, so a committed event goes out without waiting for the poll.</summary>
public sealed class OutboxSignal : WakeSignal;
