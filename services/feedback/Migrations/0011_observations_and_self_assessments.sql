-- An organisation's rubric per observed credentialing step (not private: it is a procedure).
-- Steps are profile's CredentialingStep numbers (4, 5, 6).
CREATE TABLE observation_rubric (
    tenant_id     text        NOT NULL,
    step          smallint    NOT NULL,
    rubric        jsonb       NOT NULL,
    revision      integer     NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, step)
);

-- An accomplished mentor's observation of a candidate: the rubric it was made with and the ratings
-- are plain (they are the credentialing evidence profile keeps too); the observer's notes are sealed.
CREATE TABLE observation (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    candidate_id    uuid        NOT NULL,
    observer_id     uuid        NOT NULL,
    step            smallint    NOT NULL,
    relationship_id uuid,
    occurred_at     timestamptz NOT NULL,
    rubric          jsonb       NOT NULL,
    ratings         jsonb       NOT NULL,
    passed          boolean     NOT NULL,
    notes           bytea       NOT NULL,
    request_id      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX observation_candidate ON observation (tenant_id, candidate_id, created_at DESC);
CREATE UNIQUE INDEX observation_request ON observation (tenant_id, observer_id, request_id) WHERE request_id <> '';

-- A goal owner's pre and post self-assessment (moment 1 = PRE, 2 = POST), plain for the aggregates.
CREATE TABLE goal_self_assessment (
    tenant_id     text        NOT NULL,
    goal_id       uuid        NOT NULL,
    moment        smallint    NOT NULL,
    level         smallint    NOT NULL,
    assessed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, goal_id, moment),
    FOREIGN KEY (tenant_id, goal_id) REFERENCES goal (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE observation_rubric ENABLE ROW LEVEL SECURITY;
ALTER TABLE observation_rubric FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON observation_rubric
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE observation ENABLE ROW LEVEL SECURITY;
ALTER TABLE observation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON observation
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE goal_self_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE goal_self_assessment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON goal_self_assessment
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
