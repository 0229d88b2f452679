-- What a relationship's signed agreement says about meeting (feedback's AgreementSigned): the
-- written notice for changes (null: the platform default), and what became of booking its series.
ALTER TABLE relationship ADD COLUMN notice_hours integer, ADD COLUMN notice_version integer NOT NULL DEFAULT 0;

CREATE TABLE agreement_booking (
    tenant_id       text        NOT NULL,
    relationship_id uuid        NOT NULL,
    version         integer     NOT NULL,
    series_id       uuid,
    outcome         text        NOT NULL,
    handled_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, relationship_id, version)
);

ALTER TABLE agreement_booking ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_booking FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agreement_booking
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
