-- The action plan: goals with milestones, tasks and the mentor's reviews, sealed as one message.
-- Status and progress are plain for the programme aggregates (how far goals get), nothing else.
CREATE TABLE goal (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    relationship_id uuid        NOT NULL,
    owner_id        uuid        NOT NULL,
    content         bytea       NOT NULL,
    status          smallint    NOT NULL DEFAULT 0,
    progress        smallint    NOT NULL DEFAULT 0,
    revision        integer     NOT NULL DEFAULT 1,
    request_id      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX goal_relationship ON goal (tenant_id, relationship_id, created_at);
CREATE UNIQUE INDEX goal_request ON goal (tenant_id, relationship_id, request_id) WHERE request_id <> '';

ALTER TABLE goal ENABLE ROW LEVEL SECURITY;
ALTER TABLE goal FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON goal
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
