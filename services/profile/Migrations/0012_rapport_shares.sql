-- Sharing a rapport profile with a relationship (docs/domain.md §1, docs/feedback.md "Who sees what").
-- Projection of matching's relationships (RelationshipStateChanged, RelationshipParticipantsChanged):
-- only what the share rule needs, its phase and its participants. Each event carries the
-- relationship's version; projections keep the highest (as scheduling and feedback do).
CREATE TABLE relationship (
    tenant_id            text     NOT NULL,
    id                   uuid     NOT NULL,
    state                smallint NOT NULL,
    version              bigint   NOT NULL,
    participants_version bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE relationship_participant (
    tenant_id       text NOT NULL,
    relationship_id uuid NOT NULL,
    person_id       uuid NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id, person_id),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES relationship (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX relationship_participant_person ON relationship_participant (tenant_id, person_id);

-- The relationships a person shared their rapport profile with. A share gives access only while
-- the owner and the reader both take part in the relationship and it is not closed; closing it
-- removes its shares.
CREATE TABLE rapport_share (
    tenant_id       text        NOT NULL,
    person_id       uuid        NOT NULL,
    relationship_id uuid        NOT NULL,
    shared_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id, relationship_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES relationship (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX rapport_share_relationship ON rapport_share (tenant_id, relationship_id);

-- Tenancy enforced by the database, as for person (0002).
ALTER TABLE relationship ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE relationship_participant ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationship_participant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON relationship_participant
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE rapport_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport_share FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rapport_share
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
