-- Projection of matching's relationships (RelationshipStateChanged, RelationshipParticipantsChanged):
-- who takes part, in which phase. Only participants reach a relationship's content.
CREATE TABLE relationship (
    tenant_id            text     NOT NULL,
    id                   uuid     NOT NULL,
    programme_id         uuid,
    state                smallint NOT NULL,
    active_since         timestamptz,
    closing_since        timestamptz,
    version              bigint   NOT NULL,
    participants_version bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE relationship_participant (
    tenant_id       text     NOT NULL,
    relationship_id uuid     NOT NULL,
    person_id       uuid     NOT NULL,
    mentor          boolean  NOT NULL,
    position        smallint NOT NULL,
    PRIMARY KEY (tenant_id, relationship_id, person_id),
    FOREIGN KEY (tenant_id, relationship_id) REFERENCES relationship (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX relationship_participant_person ON relationship_participant (tenant_id, person_id);

-- Projection of scheduling's MeetingHeld and MeetingMissed: session records and pulses are about
-- held meetings only; held and missed ones feed the at-risk rules.
CREATE TABLE meeting_outcome (
    tenant_id        text        NOT NULL,
    meeting_id       uuid        NOT NULL,
    relationship_id  uuid        NOT NULL,
    start_at         timestamptz NOT NULL,
    held             boolean     NOT NULL,
    duration_minutes integer     NOT NULL,
    attendees        uuid[]      NOT NULL,
    absent           uuid[]      NOT NULL,
    reported_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, meeting_id)
);
CREATE INDEX meeting_outcome_relationship ON meeting_outcome (tenant_id, relationship_id, start_at);

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
ALTER TABLE meeting_outcome ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_outcome FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meeting_outcome
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
