-- Surveys (docs/feedback.md, "Surveys and health"). Ratings are stored plain so that programme
-- aggregates need no keys; every free-text answer is sealed with the organisation's data key.
CREATE TABLE pulse (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    relationship_id uuid        NOT NULL,
    meeting_id      uuid        NOT NULL,
    respondent_id   uuid        NOT NULL,
    rating          smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, meeting_id, respondent_id)
);
CREATE INDEX pulse_relationship ON pulse (tenant_id, relationship_id, created_at);

CREATE TABLE fit_check_answer (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    number          integer     NOT NULL,
    respondent_id   uuid        NOT NULL,
    working         boolean     NOT NULL,
    comment         bytea       NOT NULL,
    answered_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, relationship_id, number, respondent_id)
);

CREATE TABLE closing_evaluation (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    respondent_id   uuid        NOT NULL,
    learned         bytea       NOT NULL,
    rating          smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    would_recommend smallint    NOT NULL CHECK (would_recommend BETWEEN 0 AND 10),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, relationship_id, respondent_id)
);

-- The at-risk reasons last published for a relationship (empty: healthy).
CREATE TABLE relationship_health (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    reasons         smallint[]  NOT NULL,
    evaluated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id)
);

-- When each active relationship's health is next looked at by the sweeper (time alone can make it
-- at risk). Ids and times only, so the sweeper reads it across organisations like the outbox, then
-- works on each relationship inside its own organisation.
CREATE TABLE health_check_due (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    due_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id)
);
CREATE INDEX health_check_due_at ON health_check_due (due_at);

ALTER TABLE pulse ENABLE ROW LEVEL SECURITY;
ALTER TABLE pulse FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pulse
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE fit_check_answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE fit_check_answer FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON fit_check_answer
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE closing_evaluation ENABLE ROW LEVEL SECURITY;
ALTER TABLE closing_evaluation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON closing_evaluation
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE relationship_health ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship_health FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship_health
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
