using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The shared event log of the postgres transport, from outside the services: publish an event as
/// another service would (so one service is tested without starting its publishers), and read
/// what the services published.
/// </summary>
public static class EventBus
{
    /// <summary>Appends <paramref name="event"/> to the log as <paramref name="source"/> would publish it.</summary>
    public static async Task PublishAsync(TestDatabase db, IMessage @event, string source, string tenant = TestIdentity.Acme)
    {
        await PublishEnvelopeAsync(db, CloudEvent.Create(@event, source, tenant, TimeProvider.System));
    }

    /// <summary>Appends an envelope built by the test (e.g. with an id it chose) to the log.</summary>
    public static async Task PublishEnvelopeAsync(TestDatabase db, CloudEvent envelope)
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            VALUES (@Id, @Topic, @Type, @TenantId, @Envelope::jsonb)
            """,
            new { Id = envelope.EventId, EventCatalogue.FindByTypeName(envelope.Type)!.Topic, envelope.Type, envelope.TenantId, Envelope = envelope.ToJson() });
    }

    /// <summary>The events of type <typeparamref name="TEvent"/> in the log so far, oldest first.</summary>
    public static async Task<IReadOnlyList<TEvent>> ReadAsync<TEvent>(TestDatabase db) where TEvent : IMessage<TEvent>, new()
    {
        var type = EventCatalogue.For<TEvent>();
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var rows = await c.QueryAsync<string>(
            "SELECT envelope->>'data' FROM eventbus.log WHERE type = @TypeName ORDER BY position", new { type.TypeName });
        return rows.Select(json => (TEvent)type.Parse(json)).ToList();
    }
}
