-- Retention (docs/integration.md, "Retention"): events leave the partner log after
-- Integration:Retention:PartnerLog, deliveries after Integration:Retention:Deliveries once ended.

-- How far each organisation's log has been deleted: its events are kept from pruned_through + 1
-- on, with no gap. A WatchEvents cursor below it is answered OUT_OF_RANGE, never with a gap.
CREATE TABLE partner_log_horizon (
    tenant_id      text   PRIMARY KEY,
    pruned_through bigint NOT NULL
);
ALTER TABLE partner_log_horizon ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_log_horizon FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON partner_log_horizon
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- The sweeper lists the organisations (their ids only, from the heads) before sweeping each one
-- bound to it; only a transaction that declares the sweep sees across organisations, and only this.
CREATE POLICY retention_sweep ON partner_log_head FOR SELECT
    USING (current_setting('app.retention_sweep', true) = 'on');

-- When a delivery ended (delivered or dead-lettered); a replay clears it.
ALTER TABLE webhook_delivery ADD COLUMN finished_at timestamptz;
CREATE POLICY migration_0004 ON webhook_delivery
    USING (current_setting('app.migration', true) = '0004')
    WITH CHECK (current_setting('app.migration', true) = '0004');
SELECT set_config('app.migration', '0004', true);
UPDATE webhook_delivery SET finished_at = coalesce(delivered_at, now()) WHERE state IN (2, 4);
DROP POLICY migration_0004 ON webhook_delivery;

CREATE INDEX webhook_delivery_finished ON webhook_delivery (tenant_id, finished_at) WHERE state IN (2, 4);
-- Pending and retrying deliveries keep their event in the log.
CREATE INDEX webhook_delivery_open ON webhook_delivery (tenant_id, position) WHERE state IN (1, 3);
