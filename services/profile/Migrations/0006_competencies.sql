-- The competency framework of an organisation: competencies grouped in areas, each with a level
-- scale (levels is a jsonb array of {"Label", "Description"}; level n is the n-th element), and
-- people's assessments against it. Assessments are an append-only history: the latest row of a
-- person and competency is their standing. mentor_competency is what a person offers to pass on.
CREATE TABLE competency (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    area        text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    levels      jsonb       NOT NULL CHECK (jsonb_array_length(levels) BETWEEN 2 AND 10),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX competency_name_unique ON competency (tenant_id, lower(area), lower(name));

CREATE TABLE create_competency_request (
    tenant_id     text NOT NULL,
    request_id    text NOT NULL,
    competency_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, request_id),
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);

CREATE TABLE competency_assessment (
    tenant_id     text        NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    person_id     uuid        NOT NULL,
    competency_id uuid        NOT NULL,
    current_level smallint    NOT NULL CHECK (current_level BETWEEN 1 AND 10),
    target_level  smallint    NOT NULL DEFAULT 0 CHECK (target_level = 0 OR target_level BETWEEN current_level AND 10),
    assessor      text        NOT NULL,
    assessed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);
CREATE INDEX competency_assessment_latest ON competency_assessment (tenant_id, person_id, competency_id, id DESC);
CREATE INDEX competency_assessment_by_competency ON competency_assessment (tenant_id, competency_id);

-- History is appended, never rewritten (erasure of a person still deletes their rows).
CREATE FUNCTION competency_assessment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'competency_assessment is append-only';
END $$;
CREATE TRIGGER competency_assessment_no_update BEFORE UPDATE ON competency_assessment
    FOR EACH ROW EXECUTE FUNCTION competency_assessment_append_only();

CREATE TABLE mentor_competency (
    tenant_id     text NOT NULL,
    person_id     uuid NOT NULL,
    competency_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, person_id, competency_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);

ALTER TABLE competency ENABLE ROW LEVEL SECURITY;
ALTER TABLE competency FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON competency
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE create_competency_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE create_competency_request FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON create_competency_request
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE competency_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE competency_assessment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON competency_assessment
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE mentor_competency ENABLE ROW LEVEL SECURITY;
ALTER TABLE mentor_competency FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mentor_competency
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
