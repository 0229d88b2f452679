-- What profile's section of a programme report needs (docs/reporting.md):
--  * the programme of each relationship, and which participants are its mentors, so that the
--    programme's mentees and mentors can be compared with the rest of the organisation;
--  * every change of a person's status with its time, so that retention over a period can be told.

ALTER TABLE relationship ADD COLUMN programme_id uuid;
CREATE INDEX relationship_programme ON relationship (tenant_id, programme_id);
ALTER TABLE relationship_participant ADD COLUMN mentor boolean NOT NULL DEFAULT false;

CREATE TABLE person_status_change (
    tenant_id  text        NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    person_id  uuid        NOT NULL,
    status     smallint    NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    -- Erasing a person erases their history too.
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX person_status_change_of ON person_status_change (tenant_id, person_id, changed_at DESC, id DESC);

-- Kept by the database itself, so that no write path (registration, update, import) can forget it.
-- The function keeps this schema's search path, whoever's session fires it.
CREATE FUNCTION person_status_recorded() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO person_status_change (tenant_id, person_id, status, changed_at)
    VALUES (NEW.tenant_id, NEW.id, NEW.status, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE now() END);
    RETURN NULL;
END $$;
CREATE TRIGGER person_status_on_insert AFTER INSERT ON person
    FOR EACH ROW EXECUTE FUNCTION person_status_recorded();
CREATE TRIGGER person_status_on_update AFTER UPDATE OF status ON person
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION person_status_recorded();

-- People registered before this migration: their present status since their registration. The
-- migration runs as the tables' owner with no tenant bound, so row-level security is lifted for
-- this one statement (the script is one transaction).
ALTER TABLE person NO FORCE ROW LEVEL SECURITY;
INSERT INTO person_status_change (tenant_id, person_id, status, changed_at)
SELECT tenant_id, id, status, created_at FROM person;
ALTER TABLE person FORCE ROW LEVEL SECURITY;

ALTER TABLE person_status_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_status_change FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON person_status_change
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
