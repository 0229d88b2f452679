-- Rapport profiles (docs/domain.md §1): private parts a person shares with the people in a relationship with them.
CREATE TABLE rapport_profile (
    tenant_id  text        NOT NULL,
    person_id  uuid        NOT NULL,
    parts      jsonb       NOT NULL DEFAULT '{}',
    version    integer     NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)
);

ALTER TABLE rapport_profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport_profile FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rapport_profile
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
