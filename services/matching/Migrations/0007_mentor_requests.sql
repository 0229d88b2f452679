-- Mentee-initiated matching (trainee-initiated, docs/domain.md §2): requests in priority order; a mentor who
-- declines points to someone else. State: 1 pending, 2 accepted, 3 declined, 4 withdrawn (expiry is
-- read from expires_at, so a pending request past it is expired without a job).
CREATE TABLE mentor_request (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    programme_id    uuid        NOT NULL,
    mentee_id       uuid        NOT NULL,
    mentor_id       uuid        NOT NULL,
    priority        smallint    NOT NULL,
    state           smallint    NOT NULL CHECK (state BETWEEN 1 AND 4),
    message         text        NOT NULL DEFAULT '',
    suggested_mentor_id uuid,
    response_note   text        NOT NULL DEFAULT '',
    relationship_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    responded_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programme (tenant_id, id)
);
CREATE INDEX mentor_request_by_mentee ON mentor_request (tenant_id, programme_id, mentee_id, state);
CREATE INDEX mentor_request_by_mentor ON mentor_request (tenant_id, programme_id, mentor_id, state);

ALTER TABLE mentor_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE mentor_request FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mentor_request
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
