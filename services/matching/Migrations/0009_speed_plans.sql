-- Speed-mentoring plans as published to scheduling, keyed by the caller's request id so a retried
-- call returns the first plan and emits nothing new.
CREATE TABLE speed_plan (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    programme_id    uuid        NOT NULL,
    request_id      text        NOT NULL DEFAULT '',
    rotation        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programme (tenant_id, id)
);
CREATE UNIQUE INDEX speed_plan_request ON speed_plan (tenant_id, request_id) WHERE request_id <> '';

ALTER TABLE speed_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE speed_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON speed_plan
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
