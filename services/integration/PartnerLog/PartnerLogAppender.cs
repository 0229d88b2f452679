using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.Integration.PartnerLog;

/// <summary>
/// Appends each event partners may see to its organisation's partner log, in its partner view
/// (<see cref="PartnerEventPolicy"/>). One ordinary subscription per visible event type; the inbox
/// makes each append happen once however often the event is delivered. A batch of one
/// organisation's events is appended in one statement.
/// </summary>
public sealed class PartnerLogAppender<TEvent> : IEventBatchHandler<TEvent> where TEvent : IMessage<TEvent>
{
    private static readonly PartnerEventRule Rule = PartnerEventPolicy.Find(EventCatalogue.For<TEvent>().TypeName)
        ?? throw new InvalidOperationException($"{typeof(TEvent).Name} has no partner rule");

    /// <summary>The subscriber name of an event type: <c>partner-log.{topic}</c>.</summary>
    public static string Subscriber => $"partner-log.{Rule.Event.Topic}";

    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken ct) =>
        PartnerLogWriter.AppendAsync(Rule, [(context, Rule.View(@event))], ct);

    public Task HandleBatchAsync(IReadOnlyList<(TEvent Event, EventContext Context)> events, CancellationToken ct) =>
        PartnerLogWriter.AppendAsync(Rule, events.Select(e => (e.Context, Rule.View(e.Event))).ToList(), ct);
}

public static class PartnerLogWriter
{
    /// <summary>The NOTIFY channel that wakes the streams; the payload is the organisation.</summary>
    public const string Channel = "integration_partner_log";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>
    /// Takes the organisation's next positions and records the events at them, in order, in the
    /// handler's transaction (all of one organisation: the contexts share connection, transaction and
    /// tenant). The head row stays locked until that transaction commits, so positions of one
    /// organisation are dense and commit in order (docs/adr/0008-partner-event-log.md).
    /// </summary>
    public static async Task AppendAsync(PartnerEventRule rule, IReadOnlyList<(EventContext Context, IMessage View)> events, CancellationToken ct)
    {
        var first = events[0].Context;
        // One statement: skip events already in the log, take as many positions as are left, record
        // the events at them, create one delivery per webhook of the organisation that wants the type
        // (Webhooks/WebhookSender.cs), and wake the streams at commit.
        await first.Connection.ExecuteAsync(new CommandDefinition(
            """
            WITH incoming AS (
                SELECT * FROM unnest(@EventIds, @Sources, @Times, @Data) WITH ORDINALITY AS i (event_id, source, occurred_at, data, ord)),
            fresh AS (
                SELECT i.*, row_number() OVER (ORDER BY i.ord) AS k, count(*) OVER () AS n FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM partner_event e WHERE e.tenant_id = @TenantId AND e.event_id = i.event_id)),
            head AS (
                INSERT INTO partner_log_head (tenant_id, position)
                SELECT @TenantId, count(*) FROM fresh HAVING count(*) > 0
                ON CONFLICT (tenant_id) DO UPDATE SET position = partner_log_head.position + excluded.position
                RETURNING position),
            appended AS (
                INSERT INTO partner_event (tenant_id, position, event_id, type, topic, source, occurred_at, data)
                SELECT @TenantId, h.position - f.n + f.k, f.event_id, @Type, @Topic, f.source, f.occurred_at, f.data::jsonb
                FROM fresh f CROSS JOIN head h
                RETURNING position, event_id),
            created AS (
                INSERT INTO webhook_delivery (tenant_id, id, webhook_id, position, event_id, type, state, next_attempt_at)
                SELECT w.tenant_id, gen_random_uuid(), w.id, a.position, a.event_id, @Type, 1, now()
                FROM webhook w CROSS JOIN appended a
                WHERE cardinality(w.event_types) = 0 OR @Type = ANY(w.event_types)
                RETURNING tenant_id, id, next_attempt_at),
            due AS (
                INSERT INTO webhook_delivery_due (tenant_id, delivery_id, due_at)
                SELECT tenant_id, id, next_attempt_at FROM created)
            SELECT pg_notify(@Channel, @TenantId) FROM head
            """,
            new
            {
                first.TenantId, Type = rule.Event.TypeName, rule.Event.Topic, Channel,
                EventIds = events.Select(e => e.Context.Envelope.EventId).ToArray(),
                Sources = events.Select(e => e.Context.Envelope.Source).ToArray(),
                Times = events.Select(e => e.Context.Envelope.Time.UtcDateTime).ToArray(),
                Data = events.Select(e => Json.Format(e.View)).ToArray(),
            }, first.Transaction, cancellationToken: ct));
    }
}

public static class PartnerLogRegistration
{
    /// <summary>Subscribes the partner log to every event type partners may see (normal AddEventHandler subscriptions).</summary>
    public static IServiceCollection AddPartnerLog(this IServiceCollection services)
    {
        var add = typeof(PartnerLogRegistration).GetMethod(nameof(Subscribe), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var rule in PartnerEventPolicy.VisibleRules)
            add.MakeGenericMethod(rule.Event.Descriptor.ClrType).Invoke(null, [services]);
        return services;
    }

    private static void Subscribe<TEvent>(IServiceCollection services) where TEvent : IMessage<TEvent> =>
        services.AddEventHandler<TEvent, PartnerLogAppender<TEvent>>(PartnerLogAppender<TEvent>.Subscriber);
}
