-- Projection of profile's reporting lines (ReportingLineChanged): who reports to whom, so no
-- candidate sits in the mentee's reporting line. A cleared line keeps its row (manager NULL) so
-- a late redelivery of an older change cannot resurrect it.
CREATE TABLE reporting_line (
    tenant_id       text        NOT NULL,
    person_id       uuid        NOT NULL,
    line_manager_id uuid,
    changed_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
CREATE INDEX reporting_line_by_manager ON reporting_line (tenant_id, line_manager_id) WHERE line_manager_id IS NOT NULL;

ALTER TABLE reporting_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE reporting_line FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reporting_line
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
