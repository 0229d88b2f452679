-- Time boxes (a programme's duration_weeks): a relationship's planned end, and the sweeper's index of
-- deadlines. The index holds ids and a time only; like the outbox it is read across tenants (by the
-- sweeper, which then binds each relationship's tenant) and never served to callers.
ALTER TABLE relationship ADD COLUMN ends_at timestamptz;

CREATE TABLE relationship_deadline (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    ends_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id)
);
CREATE INDEX relationship_deadline_due ON relationship_deadline (ends_at);
