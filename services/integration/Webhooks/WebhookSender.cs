using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Integration.Secrets;
using Npgsql;

namespace Mentoring.Integration.Webhooks;

/// <summary>
/// Sends due webhook deliveries (docs/integration.md, "Webhooks"): claims them from
/// <c>webhook_delivery_due</c> with a lease (so replicas share the work and a crashed sender's
/// claims come back), renews the lease just before each send only if it is still the one it took
/// (a claim whose lease ran out while earlier ones of its batch were sent may belong to another
/// replica by then, and is left to it), reads each bound to its organisation, POSTs the partner event signed as
/// Standard Webhooks says, and records the outcome: delivered on 2xx; otherwise retried with
/// capped exponential backoff and dead-lettered after <see cref="WebhookOptions.MaxAttempts"/>.
/// </summary>
public sealed class WebhookSender(
    NpgsqlDataSource dataSource,
    IHttpClientFactory http,
    WebhookOptions options,
    WebhookSecrets secrets,
    MigrationStatus migrations,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private sealed record Due(string TenantId, Guid DeliveryId, DateTime LeasedUntil);

    private sealed record Work(
        Guid Id, int Attempts, string Url, Guid WebhookId, int SecretVersion, string? PlaintextSecret, byte[]? SecretSealed,
        string? SecretKeyId, long? Position, Guid EventId, string Type, string? Topic, string? Source, DateTime? OccurredAt, string? Data);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                foreach (var due in await ClaimAsync(stoppingToken))
                    if (await SendAsync(due, stoppingToken))
                        sent++;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "The webhook sender could not reach the database");
            }
            if (sent == 0) await Task.Delay(options.PollInterval, clock, stoppingToken);
        }
    }

    private async Task<List<Due>> ClaimAsync(CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        // The lease outlasts one attempt; an unfinished claim is due again after it.
        var lease = options.Timeout * 3;
        return (await c.QueryAsync<Due>(new CommandDefinition(
            """
            UPDATE webhook_delivery_due SET due_at = now() + @lease
            WHERE (tenant_id, delivery_id) IN (
                SELECT tenant_id, delivery_id FROM webhook_delivery_due
                WHERE due_at <= now() ORDER BY due_at LIMIT 20 FOR UPDATE SKIP LOCKED)
            RETURNING tenant_id AS TenantId, delivery_id AS DeliveryId, due_at AS LeasedUntil
            """, new { lease }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Renews the lease of a claim for one more attempt, if the claim is still this sender's: its
    /// due time is still the lease this sender set. Otherwise (another replica claimed it after the
    /// lease ran out, or it is done) false.
    /// </summary>
    private async Task<bool> RenewAsync(Due due, CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_delivery_due SET due_at = now() + @lease
            WHERE tenant_id = @TenantId AND delivery_id = @DeliveryId AND due_at = @LeasedUntil
            """, new { lease = options.Timeout * 3, due.TenantId, due.DeliveryId, due.LeasedUntil }, cancellationToken: ct)) == 1;
    }

    /// <summary>One attempt of a claimed delivery; false when the claim was no longer this sender's.</summary>
    private async Task<bool> SendAsync(Due due, CancellationToken ct)
    {
        if (!await RenewAsync(due, ct))
        {
            logger.LogDebug("Webhook delivery {Delivery}: the lease ran out before its turn; left to whoever holds it now", due.DeliveryId);
            return false;
        }
        var work = await InTenantAsync(due.TenantId, (c, tx) => c.QuerySingleOrDefaultAsync<Work>(new CommandDefinition(
            """
            SELECT d.id, d.attempts, w.url, w.id AS WebhookId, w.secret_version AS SecretVersion, w.plaintext_secret AS PlaintextSecret,
                   w.secret_sealed AS SecretSealed, w.secret_key_id AS SecretKeyId, e.position, d.event_id AS EventId, d.type,
                   e.topic, e.source, e.occurred_at AS OccurredAt, e.data::text AS Data
            FROM webhook_delivery d
            JOIN webhook w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id
            LEFT JOIN partner_event e ON e.tenant_id = d.tenant_id AND e.position = d.position
            WHERE d.id = @DeliveryId AND d.state IN (1, 3)
            """, new { due.DeliveryId }, tx, cancellationToken: ct)), ct);
        if (work is null)
        {
            await InTenantAsync(due.TenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM webhook_delivery_due WHERE tenant_id = @TenantId AND delivery_id = @DeliveryId", due, tx, cancellationToken: ct)), ct);
            return true;
        }

        var (status, error, final) = await AttemptAsync(due.TenantId, work, ct);
        var attempts = work.Attempts + 1;
        if (status is >= 200 and < 300)
        {
            await InTenantAsync(due.TenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_delivery SET state = 2, attempts = @attempts, last_status = @status, last_error = '',
                    delivered_at = now(), finished_at = now(), next_attempt_at = NULL
                WHERE id = @Id;
                DELETE FROM webhook_delivery_due WHERE tenant_id = @TenantId AND delivery_id = @Id;
                """, new { work.Id, attempts, status, due.TenantId }, tx, cancellationToken: ct)), ct);
            return true;
        }

        var deadLetter = final || attempts >= options.MaxAttempts;
        var next = clock.GetUtcNow() + options.Backoff.DelayAfter(attempts, Random.Shared.NextDouble());
        logger.LogInformation("Webhook delivery {Delivery} failed (attempt {Attempt}{DeadLetter}): {Error}",
            work.Id, attempts, deadLetter ? ", dead-lettered" : "", error);
        await InTenantAsync(due.TenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition(
            deadLetter
                ? """
                  UPDATE webhook_delivery SET state = 4, attempts = @attempts, last_status = @status, last_error = @error, next_attempt_at = NULL,
                      finished_at = now()
                  WHERE id = @Id;
                  DELETE FROM webhook_delivery_due WHERE tenant_id = @TenantId AND delivery_id = @Id;
                  """
                : """
                  UPDATE webhook_delivery SET state = 3, attempts = @attempts, last_status = @status, last_error = @error, next_attempt_at = @next
                  WHERE id = @Id;
                  UPDATE webhook_delivery_due SET due_at = @next WHERE tenant_id = @TenantId AND delivery_id = @Id;
                  """,
            new { work.Id, attempts, status, error, next, due.TenantId }, tx, cancellationToken: ct)), ct);
        return true;
    }

    /// <summary>
    /// POSTs the event; the HTTP status (0 when none came), on failure why, and whether no retry can
    /// succeed (the event is past retention).
    /// </summary>
    private async Task<(int Status, string Error, bool Final)> AttemptAsync(string tenantId, Work work, CancellationToken ct)
    {
        // Retention never deletes an event a pending delivery needs; only a replay racing the sweep can find it gone.
        if (work.Data is null) return (0, "not sent: the event is no longer in the partner log (retention)", true);
        string secret;
        try
        {
            secret = work.PlaintextSecret
                ?? secrets.Open(tenantId, work.WebhookId, work.SecretVersion, new SealedSecret(work.SecretSealed!, work.SecretKeyId!));
        }
        catch (CryptographicException e)
        {
            logger.LogError(e, "The secret of webhook {Webhook} cannot be opened", work.WebhookId);
            return (0, "not sent: the webhook's secret cannot be opened (its master key is not configured, or rotate the secret)", false);
        }
        var (status, error) = await PostAsync(work, secret, ct);
        return (status, error, false);
    }

    /// <summary>POSTs the event; the HTTP status (0 when none came) and, on failure, why.</summary>
    private async Task<(int Status, string Error)> PostAsync(Work work, string secret, CancellationToken ct)
    {
        var body = Body(work);
        var id = work.EventId.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, work.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (status, status is >= 200 and < 300 ? "" : $"the endpoint answered HTTP {status}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (0, $"no answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (e.InnerException is EndpointRefusedException)
        {
            return (0, "not sent: the endpoint's name resolves to no public address (loopback, private and link-local addresses are refused)");
        }
        catch (HttpRequestException e)
        {
            return (0, e.HttpRequestError == HttpRequestError.Unknown ? "the request failed" : $"the request failed: {e.HttpRequestError}");
        }
    }

    /// <summary>The payload: the partner event as a CloudEvents 1.0 JSON object with its position.</summary>
    private static string Body(Work work) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = work.EventId.ToString(),
        ["source"] = work.Source,
        ["type"] = work.Type,
        ["time"] = DateTime.SpecifyKind(work.OccurredAt!.Value, DateTimeKind.Utc).ToString("O"),
        ["datacontenttype"] = "application/json",
        ["topic"] = work.Topic,
        ["position"] = work.Position,
        ["data"] = JsonNode.Parse(work.Data!),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private async Task<T> InTenantAsync<T>(string tenant, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await TenantScope.EnterAsync(c, tx, tenant, ct);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    }
}
