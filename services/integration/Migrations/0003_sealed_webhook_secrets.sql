-- Webhook signing secrets are stored sealed (AES-256-GCM) by a master key from configuration
-- (docs/integration.md, "Webhooks"; docs/adr/0008-partner-event-log.md). The associated data binds
-- each sealed secret to its organisation, webhook and secret_version (incremented on rotation).
-- Rows written before this migration keep their secret in plaintext_secret until the service seals
-- them at start-up (Secrets/SecretSealing.cs), which then clears the column.
ALTER TABLE webhook RENAME COLUMN secret TO plaintext_secret;
ALTER TABLE webhook ALTER COLUMN plaintext_secret DROP NOT NULL;
ALTER TABLE webhook
    ADD COLUMN secret_sealed  bytea,
    ADD COLUMN secret_key_id  text,
    ADD COLUMN secret_version integer NOT NULL DEFAULT 1;
ALTER TABLE webhook ADD CONSTRAINT webhook_secret_stored
    CHECK (plaintext_secret IS NOT NULL OR (secret_sealed IS NOT NULL AND secret_key_id IS NOT NULL));

-- The start-up sealing (and resealing under a new active master key) covers every organisation at
-- once: only a transaction that declares key maintenance sees across organisations (as feedback's
-- data_key).
CREATE POLICY key_maintenance ON webhook
    USING (current_setting('app.key_maintenance', true) = 'on')
    WITH CHECK (current_setting('app.key_maintenance', true) = 'on');
