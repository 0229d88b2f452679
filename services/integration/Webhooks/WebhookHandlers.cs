using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Integration.PartnerLog;
using Mentoring.Integration.Secrets;

namespace Mentoring.Integration.Webhooks;

/// <summary>CreateWebhook, ListWebhooks, DeleteWebhook, RotateWebhookSecret, ListDeliveries, ReplayDelivery (docs/integration.md, "Webhooks").</summary>
public sealed class WebhookHandlers(TenantDatabase db, WebhookOptions options, WebhookSecrets secrets)
{
    public const int MaxUrlLength = 2048;

    // A class with setters, not a positional record: Dapper did not materialise the record's
    // constructor from the text[] column.
    private sealed class WebhookRow
    {
        public Guid Id { get; set; }
        public string Url { get; set; } = "";
        public string[] EventTypes { get; set; } = [];
        public DateTime CreatedAt { get; set; }
    }

    private sealed record DeliveryRow(
        Guid Id, Guid WebhookId, long Position, Guid EventId, string Type, short State, int Attempts, DateTime? NextAttemptAt,
        int LastStatus, string LastError, DateTime? DeliveredAt, DateTime CreatedAt);

    public async Task<Webhook> CreateAsync(CreateWebhookRequest request, CancellationToken ct)
    {
        var violations = new Violations();
        if (request.Webhook is null) violations.Add("webhook", "is required");
        else
        {
            if (UrlProblem(request.Webhook.Url) is { } problem) violations.Add("webhook.url", problem);
            for (var i = 0; i < request.Webhook.EventTypes.Count; i++)
                if (PartnerEventPolicy.Find(request.Webhook.EventTypes[i]) is not { Visible: true })
                    violations.Add($"webhook.event_types[{i}]", "is not an event type partners receive (see docs/integration.md)");
            if (request.Webhook.EventTypes.Count > 100) violations.Add("webhook.event_types", "must name at most 100 types");
        }
        violations.ThrowIfAny();

        var id = Guid.CreateVersion7();
        var secret = WebhookSignature.NewSecret();
        var types = request.Webhook!.EventTypes.Distinct().ToArray();
        var sealedSecret = secrets.Seal(db.TenantId, id, 1, secret);
        var created = await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            """
            INSERT INTO webhook (tenant_id, id, url, event_types, secret_sealed, secret_key_id, secret_version)
            VALUES (@TenantId, @id, @Url, @types, @Value, @MasterKeyId, 1)
            RETURNING created_at
            """, new { db.TenantId, id, request.Webhook.Url, types, sealedSecret.Value, sealedSecret.MasterKeyId }, tx, cancellationToken: token)), ct);
        var webhook = ToWebhook(new WebhookRow { Id = id, Url = request.Webhook.Url, EventTypes = types, CreatedAt = created });
        webhook.Secret = secret;
        return webhook;
    }

    public async Task<ListWebhooksResponse> ListAsync(ListWebhooksRequest request, CancellationToken ct)
    {
        var (size, after) = Page(request.PageSize, request.PageToken, "webhooks", "page_size", "page_token");
        var rows = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<WebhookRow>(new CommandDefinition(
            """
            SELECT id, url, event_types AS EventTypes, created_at AS CreatedAt FROM webhook
            WHERE @AfterAt::timestamptz IS NULL OR (created_at, id) < (@AfterAt, @AfterId)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { AfterAt = after?.At, AfterId = after?.Id ?? Guid.Empty, limit = size + 1 }, tx, cancellationToken: token))).ToList(), ct);
        var response = new ListWebhooksResponse { Webhooks = { rows.Take(size).Select(ToWebhook) } };
        if (rows.Count > size) response.NextPageToken = KeysetToken.Encode(rows[size - 1].CreatedAt, rows[size - 1].Id, "webhooks");
        return response;
    }

    public async Task<Empty> DeleteAsync(DeleteWebhookRequest request, CancellationToken ct)
    {
        var id = WebhookId(request.Name, "name");
        var deleted = await db.InTransactionAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM webhook_delivery_due WHERE tenant_id = @TenantId
              AND delivery_id IN (SELECT id FROM webhook_delivery WHERE webhook_id = @id);
            DELETE FROM webhook WHERE id = @id;
            """, new { db.TenantId, id }, tx, cancellationToken: token)), ct);
        if (deleted == 0) throw NotFound(request.Name);
        return new Empty();
    }

    public async Task<Webhook> RotateSecretAsync(RotateWebhookSecretRequest request, CancellationToken ct)
    {
        var id = WebhookId(request.Name, "name");
        var secret = WebhookSignature.NewSecret();
        var row = await db.InTransactionAsync(async (c, tx, token) =>
        {
            // The new secret is sealed for the next version, which the row lock keeps for this rotation.
            var version = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT secret_version FROM webhook WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: token));
            if (version is null) return null;
            var sealedSecret = secrets.Seal(db.TenantId, id, version.Value + 1, secret);
            return await c.QuerySingleAsync<WebhookRow>(new CommandDefinition(
                """
                UPDATE webhook SET secret_sealed = @Value, secret_key_id = @MasterKeyId, secret_version = @next, plaintext_secret = NULL
                WHERE id = @id
                RETURNING id, url, event_types AS EventTypes, created_at AS CreatedAt
                """, new { id, sealedSecret.Value, sealedSecret.MasterKeyId, next = version.Value + 1 }, tx, cancellationToken: token));
        }, ct) ?? throw NotFound(request.Name);
        var webhook = ToWebhook(row);
        webhook.Secret = secret;
        return webhook;
    }

    public async Task<ListDeliveriesResponse> ListDeliveriesAsync(ListDeliveriesRequest request, CancellationToken ct)
    {
        var violations = new Violations();
        if (!ResourceName.TryParse("webhooks", request.Parent, out var webhookId)) violations.Add("parent", "must be webhooks/{webhook_id}");
        var scope = $"deliveries/{request.Parent}";
        (DateTime At, Guid Id)? after = null;
        if (request.PageSize is < 0 or > 200) violations.Add("page_size", "must be between 0 and 200");
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, scope, out var key)) after = key;
            else violations.Add("page_token", "is not a page token of this list");
        }
        violations.ThrowIfAny();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        var (exists, rows) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var found = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM webhook WHERE id = @webhookId)", new { webhookId }, tx, cancellationToken: token));
            var list = (await c.QueryAsync<DeliveryRow>(new CommandDefinition(
                $"""
                SELECT {DeliveryColumns} FROM webhook_delivery
                WHERE webhook_id = @webhookId AND (@AfterAt::timestamptz IS NULL OR (created_at, id) < (@AfterAt, @AfterId))
                ORDER BY created_at DESC, id DESC LIMIT @limit
                """, new { webhookId, AfterAt = after?.At, AfterId = after?.Id ?? Guid.Empty, limit = size + 1 }, tx, cancellationToken: token))).ToList();
            return (found, list);
        }, ct);
        if (!exists) throw NotFound(request.Parent);
        var response = new ListDeliveriesResponse { Deliveries = { rows.Take(size).Select(ToDelivery) } };
        if (rows.Count > size) response.NextPageToken = KeysetToken.Encode(rows[size - 1].CreatedAt, rows[size - 1].Id, scope);
        return response;
    }

    public async Task<Delivery> ReplayAsync(ReplayDeliveryRequest request, CancellationToken ct)
    {
        var parts = request.Name.Split('/');
        if (parts.Length != 4 || parts[0] != "webhooks" || parts[2] != "deliveries"
            || !Guid.TryParse(parts[1], out var webhookId) || !Guid.TryParse(parts[3], out var deliveryId))
            throw Violations.Single("name", "must be webhooks/{webhook_id}/deliveries/{delivery_id}");
        var row = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var eventKept = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
                """
                SELECT EXISTS (SELECT 1 FROM partner_event e WHERE e.position = d.position)
                FROM webhook_delivery d WHERE d.id = @deliveryId AND d.webhook_id = @webhookId
                """, new { deliveryId, webhookId }, tx, cancellationToken: token));
            if (eventKept == false)
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"{request.Name}: its event is no longer in the partner log (retention); it cannot be sent again."));
            var replayed = await c.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
                $"""
                UPDATE webhook_delivery SET state = 1, attempts = 0, next_attempt_at = now(), last_status = 0, last_error = '', finished_at = NULL
                WHERE id = @deliveryId AND webhook_id = @webhookId
                RETURNING {DeliveryColumns}
                """, new { deliveryId, webhookId }, tx, cancellationToken: token));
            if (replayed is not null)
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO webhook_delivery_due (tenant_id, delivery_id, due_at) VALUES (@TenantId, @deliveryId, now())
                    ON CONFLICT (tenant_id, delivery_id) DO UPDATE SET due_at = now()
                    """, new { db.TenantId, deliveryId }, tx, cancellationToken: token));
            return replayed;
        }, ct) ?? throw NotFound(request.Name);
        return ToDelivery(row);
    }

    private const string DeliveryColumns =
        "id, webhook_id AS WebhookId, position, event_id AS EventId, type, state, attempts, next_attempt_at AS NextAttemptAt, " +
        "last_status AS LastStatus, last_error AS LastError, delivered_at AS DeliveredAt, created_at AS CreatedAt";

    /// <summary>Why <paramref name="url"/> cannot receive webhooks, or null: https (or loopback http where configured) to a public host unless private addresses are allowed.</summary>
    public string? UrlProblem(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required";
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            return "must be an absolute https URL without credentials or fragment";
        var schemeAllowed = uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.AllowLoopbackHttp && uri.IsLoopback);
        if (!schemeAllowed) return options.AllowLoopbackHttp ? "must be https (or http to 127.0.0.1 or localhost)" : "must be https";
        return options.AllowPrivateAddresses ? null : EndpointAddresses.HostProblem(uri);
    }

    private static (int Size, (DateTime At, Guid Id)? After) Page(int pageSize, string pageToken, string scope, string sizeField, string tokenField)
    {
        var violations = new Violations();
        if (pageSize is < 0 or > 200) violations.Add(sizeField, "must be between 0 and 200");
        (DateTime At, Guid Id)? after = null;
        if (pageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(pageToken, scope, out var key)) after = key;
            else violations.Add(tokenField, "is not a page token of this list");
        }
        violations.ThrowIfAny();
        return (pageSize == 0 ? 50 : pageSize, after);
    }

    private static Guid WebhookId(string name, string field) =>
        ResourceName.TryParse("webhooks", name, out var id) ? id : throw Violations.Single(field, "must be webhooks/{webhook_id}");

    private static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} does not exist."));

    private static Webhook ToWebhook(WebhookRow row) => new()
    {
        Name = ResourceName.Format("webhooks", row.Id),
        Url = row.Url,
        EventTypes = { row.EventTypes },
        CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)),
    };

    private static Delivery ToDelivery(DeliveryRow row)
    {
        var delivery = new Delivery
        {
            Name = $"webhooks/{row.WebhookId}/deliveries/{row.Id}",
            EventId = row.EventId.ToString(),
            EventType = row.Type,
            Position = row.Position,
            State = (DeliveryState)row.State,
            Attempts = row.Attempts,
            LastStatusCode = row.LastStatus,
            LastError = row.LastError,
            CreateTime = Utc(row.CreatedAt),
        };
        if (row.NextAttemptAt is { } next && delivery.State is DeliveryState.Pending or DeliveryState.Retrying) delivery.NextAttemptTime = Utc(next);
        if (row.DeliveredAt is { } delivered) delivery.DeliverTime = Utc(delivered);
        return delivery;
    }

    private static Timestamp Utc(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
