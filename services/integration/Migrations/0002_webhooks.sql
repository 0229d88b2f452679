-- Webhooks (docs/integration.md, "Webhooks"): endpoints of an organisation and one delivery per
-- event recorded after the webhook was registered.
CREATE TABLE webhook (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    url         text        NOT NULL,
    event_types text[]      NOT NULL,   -- empty: every type partners receive
    secret      text        NOT NULL,   -- whsec_…, to sign deliveries (never listed)
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_delivery (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    webhook_id      uuid        NOT NULL,
    position        bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    type            text        NOT NULL,
    state           smallint    NOT NULL,   -- DeliveryState
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status     integer     NOT NULL DEFAULT 0,
    last_error      text        NOT NULL DEFAULT '',
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, webhook_id, event_id),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhook (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_delivery_list ON webhook_delivery (tenant_id, webhook_id, created_at DESC, id DESC);

-- The sender's queue: which delivery of which organisation is due when (ids and times only), read
-- across organisations before the tenant is known, like other services' sweeper tables. The
-- delivery itself is read bound to its tenant.
CREATE TABLE webhook_delivery_due (
    tenant_id   text        NOT NULL,
    delivery_id uuid        NOT NULL,
    due_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, delivery_id)
);
CREATE INDEX webhook_delivery_due_at ON webhook_delivery_due (due_at);

ALTER TABLE webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE webhook_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_delivery
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
