-- The programme of each participant's relationship, kept on the participant row itself, so that
-- the programme report's statements (Reports/) read a programme's participants through an index
-- instead of joining every participant of the organisation (bench/README.md, "Programme reports").
ALTER TABLE relationship_participant ADD COLUMN programme_id uuid;

-- Kept by the database itself, so that no write path can forget it: a participant takes its
-- relationship's programme, and a relationship whose programme becomes known (or changes) passes
-- it on. The functions keep this schema's search path, whoever's session fires them.
CREATE FUNCTION participant_takes_programme() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.programme_id := coalesce(NEW.programme_id,
        (SELECT programme_id FROM relationship WHERE tenant_id = NEW.tenant_id AND id = NEW.relationship_id));
    RETURN NEW;
END $$;
CREATE TRIGGER participant_programme_on_insert BEFORE INSERT ON relationship_participant
    FOR EACH ROW EXECUTE FUNCTION participant_takes_programme();

CREATE FUNCTION relationship_passes_programme() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE relationship_participant SET programme_id = NEW.programme_id
    WHERE tenant_id = NEW.tenant_id AND relationship_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER relationship_programme_on_update AFTER UPDATE OF programme_id ON relationship
    FOR EACH ROW WHEN (OLD.programme_id IS DISTINCT FROM NEW.programme_id) EXECUTE FUNCTION relationship_passes_programme();

-- Participants recorded before this migration. The migration runs as the tables' owner with no
-- tenant bound, so row-level security is lifted for this one statement (the script is one transaction).
ALTER TABLE relationship_participant NO FORCE ROW LEVEL SECURITY;
ALTER TABLE relationship NO FORCE ROW LEVEL SECURITY;
UPDATE relationship_participant p SET programme_id = r.programme_id
FROM relationship r WHERE r.tenant_id = p.tenant_id AND r.id = p.relationship_id;
ALTER TABLE relationship FORCE ROW LEVEL SECURITY;
ALTER TABLE relationship_participant FORCE ROW LEVEL SECURITY;

CREATE INDEX relationship_participant_by_programme ON relationship_participant (tenant_id, programme_id);
