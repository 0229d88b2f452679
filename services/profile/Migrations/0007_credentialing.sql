-- Mentor credentialing (docs/domain.md §5): one pipeline per application; a person's latest pipeline is the
-- resource people/{id}/credentialing (a new one may start after a rejection or an expiry).
-- `state` and `current_step` are kept by the pure state machine (CredentialingPipeline); the
-- evidence rows are its append-only history. Values are those of the contract's enums
-- (state: 1 in progress, 2 rejected, 3 credentialed; steps 1 to 7; outcome: 1 passed, 2 failed).
CREATE TABLE credentialing (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    person_id       uuid        NOT NULL,
    state           smallint    NOT NULL CHECK (state BETWEEN 1 AND 3),
    current_step    smallint    NOT NULL CHECK (current_step BETWEEN 1 AND 7),
    motivation      text        NOT NULL,
    competencies    text[]      NOT NULL,
    monthly_hours   integer     NOT NULL CHECK (monthly_hours BETWEEN 1 AND 200),
    declares_no_supervision boolean NOT NULL CHECK (declares_no_supervision),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    credentialed_at timestamptz,
    expires_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)
);
CREATE INDEX credentialing_latest ON credentialing (tenant_id, person_id, created_at DESC);
-- At most one pipeline in progress per person.
CREATE UNIQUE INDEX credentialing_one_in_progress ON credentialing (tenant_id, person_id) WHERE state = 1;

CREATE TABLE credentialing_evidence (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       text        NOT NULL,
    credentialing_id uuid       NOT NULL,
    step            smallint    NOT NULL CHECK (step BETWEEN 1 AND 7),
    module          text        NOT NULL DEFAULT '',
    outcome         smallint    NOT NULL CHECK (outcome IN (1, 2)),
    reviewer        text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    notes           text        NOT NULL DEFAULT '',
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text        NOT NULL,
    FOREIGN KEY (tenant_id, credentialing_id) REFERENCES credentialing (tenant_id, id)
);
CREATE INDEX credentialing_evidence_of ON credentialing_evidence (tenant_id, credentialing_id, position);

ALTER TABLE credentialing ENABLE ROW LEVEL SECURITY;
ALTER TABLE credentialing FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credentialing
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE credentialing_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE credentialing_evidence FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credentialing_evidence
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Evidence is append-only: no UPDATE or TRUNCATE, even by the owning role; DELETE only while a
-- person is being erased (ErasePerson sets app.erasing in its transaction).
CREATE FUNCTION credentialing_evidence_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('app.erasing', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'credentialing_evidence is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER credentialing_evidence_no_rewrite BEFORE UPDATE OR DELETE ON credentialing_evidence
    FOR EACH ROW EXECUTE FUNCTION credentialing_evidence_is_append_only();
CREATE TRIGGER credentialing_evidence_no_truncate BEFORE TRUNCATE ON credentialing_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION credentialing_evidence_is_append_only();
