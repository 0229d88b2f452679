-- Programmes (docs/domain.md §2), enrolments, relationships (docs/domain.md §3) and the richer candidate projection
-- the engine's hard constraints and soft score need.

-- What profile says of a person beyond the basics (PersonUpdated / PersonRegistered), their
-- credential (MentorCredentialed, MentorCredentialRenewed), competency levels (CompetencyAssessed:
-- competency id -> {"current": n, "target": n}) and the competencies they offer as mentors.
ALTER TABLE candidate
    ADD COLUMN time_zone        text       NOT NULL DEFAULT 'UTC',
    ADD COLUMN languages        text[]     NOT NULL DEFAULT '{}',
    ADD COLUMN meeting_formats  smallint[] NOT NULL DEFAULT '{}',
    ADD COLUMN location         text       NOT NULL DEFAULT '',
    ADD COLUMN mentor_capacity  integer    NOT NULL DEFAULT 0,
    ADD COLUMN hours_per_month  integer    NOT NULL DEFAULT 0,
    ADD COLUMN credentialed     boolean    NOT NULL DEFAULT false,
    ADD COLUMN credential_expires_at timestamptz,
    ADD COLUMN competencies     jsonb      NOT NULL DEFAULT '{}',
    ADD COLUMN mentor_competencies text[]  NOT NULL DEFAULT '{}';

CREATE TABLE programme (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    display_name    text        NOT NULL,
    model           smallint    NOT NULL,
    formal          boolean     NOT NULL,
    matching_mode   smallint    NOT NULL,
    rules           jsonb       NOT NULL,
    weights         jsonb       NOT NULL,
    request_id      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX programme_request ON programme (tenant_id, request_id) WHERE request_id <> '';
CREATE INDEX programme_newest ON programme (tenant_id, created_at DESC, id DESC);

CREATE TABLE enrolment (
    tenant_id       text        NOT NULL,
    programme_id    uuid        NOT NULL,
    person_id       uuid        NOT NULL,
    role            smallint    NOT NULL CHECK (role IN (1, 2)),
    goals           text        NOT NULL DEFAULT '',
    competencies    text[]      NOT NULL DEFAULT '{}',
    capacity        integer     NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    position        bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant_id, programme_id, person_id, role),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programme (tenant_id, id)
);

-- State and reason values are those of the contract's enums.
CREATE TABLE relationship (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    programme_id    uuid        NOT NULL,
    state           smallint    NOT NULL CHECK (state BETWEEN 1 AND 7),
    close_reason    smallint    NOT NULL DEFAULT 0,
    score           double precision NOT NULL DEFAULT 0,
    accepted_by     uuid[]      NOT NULL DEFAULT '{}',
    version         bigint      NOT NULL DEFAULT 1,
    rematch_of      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programme (tenant_id, id)
);
CREATE INDEX relationship_by_programme ON relationship (tenant_id, programme_id, state);

-- Who takes part: role 1 mentor, 2 mentee; position orders the mentors (lead first).
CREATE TABLE relationship_participant (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    person_id       uuid        NOT NULL,
    role            smallint    NOT NULL CHECK (role IN (1, 2)),
    position        smallint    NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id, person_id),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES relationship (tenant_id, id)
);
CREATE INDEX relationship_participant_by_person ON relationship_participant (tenant_id, person_id);

-- The state history, append-only.
CREATE TABLE relationship_change (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    state           smallint    NOT NULL,
    actor           text        NOT NULL,
    note            text        NOT NULL DEFAULT '',
    changed_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES relationship (tenant_id, id)
);
CREATE INDEX relationship_change_by_relationship ON relationship_change (tenant_id, relationship_id, position);

-- Tenancy enforced by the database, as for every tenant-owned table.
ALTER TABLE programme ENABLE ROW LEVEL SECURITY;
ALTER TABLE programme FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON programme
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE enrolment ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON enrolment
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE relationship ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE relationship_participant ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship_participant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship_participant
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE relationship_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship_change FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship_change
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
