-- Projection of profile's CompetencyAssessed: each person's latest assessment per competency, for the
-- competency targets shown on their growth plan.
CREATE TABLE competency_assessment (
    tenant_id      text        NOT NULL,
    person_id      uuid        NOT NULL,
    competency_id  uuid        NOT NULL,
    current_level  smallint    NOT NULL,
    target_level   smallint    NOT NULL,
    assessed_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, person_id, competency_id)
);

ALTER TABLE competency_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE competency_assessment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON competency_assessment
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
