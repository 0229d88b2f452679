using System.Diagnostics;
using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Integration.Load;

/// <summary>Where the benchmark's events are committed; each batch is one transaction.</summary>
internal interface IEventSource
{
    string Name { get; }

    /// <summary>Commits <paramref name="count"/> MeetingScheduled events in one transaction; returns their ids and the time the commit returned (<see cref="Stopwatch"/> ticks).</summary>
    Task<(Guid[] Ids, long CommittedAt)> CommitAsync(int count, CancellationToken ct);
}

/// <summary>
/// The whole path: events appended to the shared log <c>eventbus.log</c> as a service's outbox relay
/// publishes them (as the tests' EventBus does); the integration service's subscriptions record them
/// in the partner log (inbox, position, NOTIFY, one transaction per event), then the stream sends them.
/// </summary>
internal sealed class BusSource(NpgsqlDataSource admin) : IEventSource
{
    private static readonly string Topic = EventCatalogue.FindByTypeName(MeetingScheduled.Descriptor.FullName)!.Topic;

    public string Name => "event bus";

    public async Task<(Guid[] Ids, long CommittedAt)> CommitAsync(int count, CancellationToken ct)
    {
        var envelopes = Enumerable.Range(0, count).Select(_ => CloudEvent.Create(Meeting(), "scheduling", Platform.Tenant, TimeProvider.System)).ToArray();
        await using var c = await admin.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            SELECT id, @Topic, @Type, @Tenant, envelope::jsonb FROM unnest(@Ids, @Envelopes) AS e(id, envelope)
            """,
            new
            {
                Topic, Type = MeetingScheduled.Descriptor.FullName, Tenant = Platform.Tenant,
                Ids = envelopes.Select(e => e.EventId).ToArray(), Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
            }, cancellationToken: ct));
        return (envelopes.Select(e => e.EventId).ToArray(), Stopwatch.GetTimestamp());
    }

    public static MeetingScheduled Meeting() => new()
    {
        Meeting = $"meetings/{Guid.NewGuid():N}", Relationship = $"relationships/{Guid.NewGuid()}", Participants = { "people/a", "people/b" },
        StartTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)), Format = MeetingFormat.Video,
    };
}

/// <summary>
/// The stream alone: events appended to the organisation's partner log as the integration service's
/// appender does (next positions under the head row's lock, the partner view, NOTIFY at commit), so
/// what is timed is WatchEvents and the gateway, not the event bus's subscriptions.
/// </summary>
internal sealed class PartnerLogSource(NpgsqlDataSource admin) : IEventSource
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly string Topic = EventCatalogue.FindByTypeName(MeetingScheduled.Descriptor.FullName)!.Topic;

    public string Name => "partner log";

    public async Task<(Guid[] Ids, long CommittedAt)> CommitAsync(int count, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var data = Enumerable.Range(0, count).Select(_ => Json.Format(BusSource.Meeting())).ToArray();
        await using var c = await admin.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("SELECT set_config('app.tenant_id', @Tenant, true)", new { Tenant = Platform.Tenant }, tx, cancellationToken: ct));
        var last = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO integration.partner_log_head (tenant_id, position) VALUES (@Tenant, @count)
            ON CONFLICT (tenant_id) DO UPDATE SET position = partner_log_head.position + @count
            RETURNING position
            """, new { Tenant = Platform.Tenant, count }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO integration.partner_event (tenant_id, position, event_id, type, topic, source, occurred_at, data)
            SELECT @Tenant, @first + e.n - 1, e.id, @Type, @Topic, '/mentoring/scheduling', now(), e.data::jsonb
            FROM unnest(@ids, @data) WITH ORDINALITY AS e(id, data, n);
            SELECT pg_notify('integration_partner_log', @Tenant);
            """,
            new { Tenant = Platform.Tenant, first = last - count + 1, Type = MeetingScheduled.Descriptor.FullName, Topic, ids, data },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (ids, Stopwatch.GetTimestamp());
    }
}
