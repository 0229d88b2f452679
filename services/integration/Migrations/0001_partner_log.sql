-- The partner event log (docs/integration.md, ADR 0008): per organisation, the integration events
-- partners may see, in their partner view, at dense positions 1, 2, 3, … .
--
-- partner_log_head holds each organisation's last position. An append locks its row (UPDATE …
-- RETURNING) until its transaction commits, so appends of one organisation are serialised and
-- commit in position order: a reader that sees position n sees every position below it, and a
-- stream that resumes after n can neither skip nor repeat an event.
CREATE TABLE partner_log_head (
    tenant_id text   PRIMARY KEY,
    position  bigint NOT NULL
);

CREATE TABLE partner_event (
    tenant_id   text        NOT NULL,
    position    bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    type        text        NOT NULL,
    topic       text        NOT NULL,
    source      text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- The partner view of the event: its proto3 JSON with the withheld fields cleared.
    data        jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, position),
    UNIQUE (tenant_id, event_id)
);
CREATE INDEX partner_event_type ON partner_event (tenant_id, type, position);

-- Tenancy enforced by the database (docs/adr/0002-row-level-security-for-tenancy.md).
ALTER TABLE partner_log_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_log_head FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON partner_log_head
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE partner_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON partner_event
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
