using System.Data;
using System.Globalization;
using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Integration.PartnerLog;
using Npgsql;

namespace Mentoring.Integration.WatchEvents;

/// <summary>
/// WatchEvents: the backlog after the caller's cursor, then live events, in position order, with
/// heartbeats; only the caller's organisation (row-level security on the token's tenant) and only
/// the event types its scopes allow (docs/integration.md, "Watching events").
/// </summary>
public sealed class WatchEventsHandler(
    NpgsqlDataSource dataSource,
    PartnerLogSignal signal,
    IntegrationOptions options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime)
{
    public const int MaxEventTypes = 100;

    private static readonly JsonParser DataParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private sealed record Row(long Position, Guid EventId, string Type, string Topic, string Source, DateTime OccurredAt, string Data);

    public async Task HandleAsync(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> stream, Caller caller, ServerCallContext context)
    {
        var (types, after) = Validate(request, caller);
        var tenant = caller.Tenant;

        // Ends with the call, or with UNAVAILABLE when this replica stops, so that it stops at once
        // and the client resumes from its cursor elsewhere.
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var ct = both.Token;
        try
        {
            var (head, prunedThrough) = await HeadAsync(tenant, ct);
            if (after > head)
                throw Violations.Single("resume_after", $"is beyond the end of the log (position {head})");
            if (after < prunedThrough) throw PositionExpired.Error(after.Value, prunedThrough);
            var position = after ?? head;

            await stream.WriteAsync(Heartbeat(position), ct);
            var nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
            while (true)
            {
                var wake = signal.Next(tenant);
                var (rows, seen, pruned) = await ReadAsync(tenant, position, types, ct);
                // A stream that fell behind retention ends rather than skip what was deleted.
                if (position < pruned) throw PositionExpired.Error(position, pruned);
                foreach (var row in rows)
                {
                    await stream.WriteAsync(new WatchEventsResponse { Event = ToEvent(row) }, ct);
                    position = row.Position;
                }
                var more = rows.Count == options.BatchSize;
                if (!more) position = Math.Max(position, seen); // nothing allowed up to the head is left
                if (clock.GetUtcNow() >= nextHeartbeat)
                {
                    await stream.WriteAsync(Heartbeat(position), ct);
                    nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
                }
                if (more) continue;
                var untilHeartbeat = nextHeartbeat - clock.GetUtcNow();
                var wait = untilHeartbeat < options.PollInterval ? untilHeartbeat : options.PollInterval;
                if (wait > TimeSpan.Zero) await Task.WhenAny(wake, Task.Delay(wait, clock, ct));
                ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The service is stopping; resume from the last position you handled."));
        }
    }

    /// <summary>The event types to send (by CloudEvents type) and the cursor; INVALID_ARGUMENT or PERMISSION_DENIED.</summary>
    private static (string[] Types, long? After) Validate(WatchEventsRequest request, Caller caller)
    {
        var violations = new Violations();
        if (request.EventTypes.Count > MaxEventTypes) violations.Add("event_types", $"must name at most {MaxEventTypes} types");
        var requested = new List<PartnerEventRule>();
        for (var i = 0; i < request.EventTypes.Count && i < MaxEventTypes; i++)
        {
            if (PartnerEventPolicy.Find(request.EventTypes[i]) is { Visible: true } rule) requested.Add(rule);
            else violations.Add($"event_types[{i}]", "is not an event type partners receive (see docs/integration.md)");
        }
        long? after = null;
        if (request.ResumeAfter.Length > 0)
        {
            if (request.ResumeAfter.Length <= 19 && request.ResumeAfter.All(char.IsAsciiDigit)
                && long.TryParse(request.ResumeAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                after = p;
            else violations.Add("resume_after", "must be a position: a whole number, 0 or more");
        }
        violations.ThrowIfAny();

        // Each type needs its area's read scope; asking for one the token does not allow is refused,
        // never quietly narrowed.
        var denied = requested.Where(r => !caller.Scopes.Contains(r.Scope)).Select(r => r.Event.TypeName).Distinct().ToList();
        if (denied.Count > 0)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"The token lacks the area scope of {string.Join(", ", denied)}."));
        var types = (requested.Count > 0 ? requested : PartnerEventPolicy.VisibleRules.Where(r => caller.Scopes.Contains(r.Scope)))
            .Select(r => r.Event.TypeName).Distinct().ToArray();
        if (types.Length == 0)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                "The token holds no area read scope (profile.read, matching.read, scheduling.read, feedback.read)."));
        return (types, after);
    }

    private const string HeadSql = """
        SELECT coalesce((SELECT position FROM partner_log_head), 0) AS Head,
               coalesce((SELECT pruned_through FROM partner_log_horizon), 0) AS PrunedThrough
        """;

    /// <summary>The log's last position and how far retention has deleted it (events are kept after that).</summary>
    private async Task<(long Head, long PrunedThrough)> HeadAsync(string tenant, CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await TenantScope.EnterAsync(c, tx, tenant, ct);
        var head = await c.QuerySingleAsync<(long Head, long PrunedThrough)>(new CommandDefinition(HeadSql, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return head;
    }

    /// <summary>
    /// The allowed events after <paramref name="after"/> up to the head, the head and the retention
    /// horizon, from one snapshot: every position up to the head is committed (appends commit in
    /// order), so moving the stream's position to the head skips nothing.
    /// </summary>
    private async Task<(List<Row> Rows, long Head, long PrunedThrough)> ReadAsync(string tenant, long after, string[] types, CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await TenantScope.EnterAsync(c, tx, tenant, ct);
        var (head, prunedThrough) = await c.QuerySingleAsync<(long Head, long PrunedThrough)>(new CommandDefinition(
            HeadSql, transaction: tx, cancellationToken: ct));
        var rows = head <= after || after < prunedThrough ? [] : (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT position, event_id AS EventId, type, topic, source, occurred_at AS OccurredAt, data::text AS Data
            FROM partner_event
            WHERE position > @after AND position <= @head AND type = ANY(@types)
            ORDER BY position
            LIMIT @limit
            """, new { after, head, types, limit = options.BatchSize }, tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);
        return (rows, head, prunedThrough);
    }

    private WatchEventsResponse Heartbeat(long position) => new()
    {
        Heartbeat = new Heartbeat { Position = position, Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) },
    };

    private static PartnerEvent ToEvent(Row row)
    {
        var rule = PartnerEventPolicy.Find(row.Type)!;
        return new PartnerEvent
        {
            Position = row.Position,
            Id = row.EventId.ToString(),
            Type = row.Type,
            Topic = row.Topic,
            Source = row.Source,
            Time = Timestamp.FromDateTime(DateTime.SpecifyKind(row.OccurredAt, DateTimeKind.Utc)),
            Data = Any.Pack(DataParser.Parse(row.Data, rule.Event.Descriptor)),
        };
    }
}
