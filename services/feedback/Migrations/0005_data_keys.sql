-- Per-organisation data keys that encrypt relationship content (docs/feedback.md, "Protected at
-- rest"). Each key is stored wrapped (AES-GCM) by a master key that never enters the database; a
-- new version is added on rotation and old versions stay to read what they encrypted.
CREATE TABLE data_key (
    tenant_id     text        NOT NULL,
    version       integer     NOT NULL,
    master_key_id text        NOT NULL,
    wrapped_key   bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

ALTER TABLE data_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_key FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON data_key
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- The start-up rewrap (a new active master key) moves every organisation's data keys at once: only
-- a transaction that declares key maintenance sees across organisations, and only this table.
CREATE POLICY key_maintenance ON data_key
    USING (current_setting('app.key_maintenance', true) = 'on')
    WITH CHECK (current_setting('app.key_maintenance', true) = 'on');
