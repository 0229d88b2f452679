-- A run of the engine over a programme: the result as the contract's JSON (proposals with their
-- explanations, the unmatched and why, shortages) and the reviewer's decisions (accepted pairs,
-- pins, forbidden pairs), which every re-solve honours. State: 1 in review, 2 published.
CREATE TABLE matching_run (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    programme_id    uuid        NOT NULL,
    state           smallint    NOT NULL CHECK (state IN (1, 2)),
    result          jsonb       NOT NULL,
    decisions       jsonb       NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programme (tenant_id, id)
);
CREATE INDEX matching_run_by_programme ON matching_run (tenant_id, programme_id, created_at DESC);

ALTER TABLE matching_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE matching_run FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON matching_run
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Availability (AvailabilityChanged) for the shared-hours factor: the weekly windows as the
-- contract's JSON, in the person's zone.
ALTER TABLE candidate ADD COLUMN availability jsonb NOT NULL DEFAULT '[]';
