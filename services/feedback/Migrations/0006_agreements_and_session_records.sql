-- A relationship's agreement: the current version, its content encrypted (one sealed JSON document),
-- and the signatures of that version. Signed versions are kept in agreement_version.
CREATE TABLE agreement (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    version         integer     NOT NULL,
    revision        integer     NOT NULL,
    content         bytea       NOT NULL,
    signed_at       timestamptz,
    -- Plain, unlike the content: the fit-check schedule needs it and it says nothing private.
    fit_interval_days integer   NOT NULL DEFAULT 0,
    updated_by      uuid        NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id)
);

CREATE TABLE agreement_signature (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    person_id       uuid        NOT NULL,
    signed_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id, person_id),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES agreement (tenant_id, relationship_id) ON DELETE CASCADE
);

CREATE TABLE agreement_version (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    version         integer     NOT NULL,
    content         bytea       NOT NULL,
    signatories     uuid[]      NOT NULL,
    signed_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id, version)
);

-- A participant's record of a held meeting. shared_content is visible to the participants,
-- private_notes to the author; both sealed with the organisation's data key.
CREATE TABLE session_record (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    relationship_id uuid        NOT NULL,
    meeting_id      uuid        NOT NULL,
    author_id       uuid        NOT NULL,
    meeting_at      timestamptz NOT NULL,
    shared_content  bytea       NOT NULL,
    private_notes   bytea       NOT NULL,
    request_id      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, meeting_id, author_id)
);
CREATE INDEX session_record_relationship ON session_record (tenant_id, relationship_id, meeting_at DESC, id DESC);
CREATE UNIQUE INDEX session_record_request ON session_record (tenant_id, author_id, request_id) WHERE request_id <> '';

ALTER TABLE agreement ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agreement
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE agreement_signature ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_signature FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agreement_signature
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE agreement_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agreement_version
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE session_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_record FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON session_record
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
