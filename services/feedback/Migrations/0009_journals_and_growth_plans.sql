-- Reflective journals: private to their author; an entry may be shared with one relationship the
-- author takes part in. Prompt and body are sealed.
CREATE TABLE journal_entry (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL,
    author_id     uuid        NOT NULL,
    prompt        bytea       NOT NULL,
    body          bytea       NOT NULL,
    shared_with   uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX journal_entry_author ON journal_entry (tenant_id, author_id, created_at DESC);
CREATE INDEX journal_entry_shared ON journal_entry (tenant_id, shared_with, created_at DESC) WHERE shared_with IS NOT NULL;

-- A programme's reflection prompts, set by its administrators (not private: they are questions).
CREATE TABLE reflection_prompts (
    tenant_id     text        NOT NULL,
    programme_id  uuid        NOT NULL,
    prompts       text[]      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, programme_id)
);

-- A mentee's growth plan (sealed), and the relationships it is shared with.
CREATE TABLE growth_plan (
    tenant_id     text        NOT NULL,
    person_id     uuid        NOT NULL,
    content       bytea       NOT NULL,
    shared_with   uuid[]      NOT NULL DEFAULT '{}',
    revision      integer     NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id)
);
CREATE INDEX growth_plan_shared ON growth_plan USING gin (shared_with);

ALTER TABLE journal_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_entry
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE reflection_prompts ENABLE ROW LEVEL SECURITY;
ALTER TABLE reflection_prompts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reflection_prompts
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE growth_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE growth_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON growth_plan
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
