using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.Integration.PartnerLog;

/// <summary>
/// Appends each event partners may see to its organisation's partner log, in its partner view
/// (<see cref="PartnerEventPolicy"/>). One ordinary subscription per visible event type; the inbox
/// makes each append happen once however often the event is delivered.
/// </summary>
public sealed class PartnerLogAppender<TEvent> : IEventHandler<TEvent> where TEvent : IMessage<TEvent>
{
    private static readonly PartnerEventRule Rule = PartnerEventPolicy.Find(EventCatalogue.For<TEvent>().TypeName)
        ?? throw new InvalidOperationException($"{typeof(TEvent).Name} has no partner rule");

    /// <summary>The subscriber name of an event type: <c>partner-log.{topic}</c>.</summary>
    public static string Subscriber => $"partner-log.{Rule.Event.Topic}";

    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken ct) =>
        PartnerLogWriter.AppendAsync(context, Rule, Rule.View(@event), ct);
}

public static class PartnerLogWriter
{
    /// <summary>The NOTIFY channel that wakes the streams; the payload is the organisation.</summary>
    public const string Channel = "integration_partner_log";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>
    /// Takes the organisation's next position and records the event at it, in the handler's
    /// transaction. The head row stays locked until that transaction commits, so positions of one
    /// organisation are dense and commit in order (docs/adr/0008-partner-event-log.md).
    /// </summary>
    public static async Task AppendAsync(EventContext context, PartnerEventRule rule, IMessage view, CancellationToken ct)
    {
        var envelope = context.Envelope;
        // One statement (one round trip per event): skip an event already in the log, take the next
        // position, record the event, create one delivery per webhook of the organisation that wants
        // the type (Webhooks/WebhookSender.cs), and wake the streams at commit.
        await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            WITH head AS (
                INSERT INTO partner_log_head (tenant_id, position)
                SELECT @TenantId, 1
                WHERE NOT EXISTS (SELECT 1 FROM partner_event WHERE tenant_id = @TenantId AND event_id = @EventId)
                ON CONFLICT (tenant_id) DO UPDATE SET position = partner_log_head.position + 1
                RETURNING position),
            appended AS (
                INSERT INTO partner_event (tenant_id, position, event_id, type, topic, source, occurred_at, data)
                SELECT @TenantId, position, @EventId, @Type, @Topic, @Source, @Time, @Data::jsonb FROM head
                RETURNING position),
            created AS (
                INSERT INTO webhook_delivery (tenant_id, id, webhook_id, position, event_id, type, state, next_attempt_at)
                SELECT w.tenant_id, gen_random_uuid(), w.id, a.position, @EventId, @Type, 1, now()
                FROM webhook w CROSS JOIN appended a
                WHERE cardinality(w.event_types) = 0 OR @Type = ANY(w.event_types)
                RETURNING tenant_id, id, next_attempt_at),
            due AS (
                INSERT INTO webhook_delivery_due (tenant_id, delivery_id, due_at)
                SELECT tenant_id, id, next_attempt_at FROM created)
            SELECT pg_notify(@Channel, @TenantId) FROM appended
            """,
            new
            {
                envelope.TenantId, envelope.EventId, Type = rule.Event.TypeName,
                rule.Event.Topic, envelope.Source, envelope.Time, Data = Json.Format(view), Channel,
            }, context.Transaction, cancellationToken: ct));
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
