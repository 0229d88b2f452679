-- Report runs: one per organisation, programme and period (idempotent re-runs), done only when
-- every file of the report is stored with it in the same transaction; a run left 'running' by an
-- interrupted job is started again from clean.
CREATE TABLE report_run (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL,
    programme_id  uuid        NOT NULL,
    period_key    text        NOT NULL,
    period_start  timestamptz NOT NULL,
    period_end    timestamptz NOT NULL,
    done          boolean     NOT NULL DEFAULT false,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX report_run_once ON report_run (tenant_id, programme_id, period_key);

CREATE TABLE report_file (
    tenant_id     text        NOT NULL,
    run_id        uuid        NOT NULL,
    name          text        NOT NULL,
    content       bytea       NOT NULL,
    PRIMARY KEY (tenant_id, run_id, name),
    FOREIGN KEY (tenant_id, run_id) REFERENCES report_run (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE report_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_run FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_run
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE report_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_file FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_file
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
