-- Observations filled in feedback (ObservationCompleted) and what became of each: recorded as the
-- credentialing step's evidence, or refused with the reason. One row per observation, so a
-- redelivered event changes nothing; a refusal is an outcome, never a retried delivery.
CREATE TABLE observation_receipt (
    tenant_id     text        NOT NULL,
    observation   text        NOT NULL,
    person_id     uuid        NOT NULL,
    observer      text        NOT NULL,
    step          smallint    NOT NULL,
    outcome       smallint    NOT NULL,
    recorded      boolean     NOT NULL,
    refusal       text        NOT NULL DEFAULT '',
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, observation)
);
CREATE INDEX observation_receipt_person ON observation_receipt (tenant_id, person_id, received_at DESC);

ALTER TABLE observation_receipt ENABLE ROW LEVEL SECURITY;
ALTER TABLE observation_receipt FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON observation_receipt
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
