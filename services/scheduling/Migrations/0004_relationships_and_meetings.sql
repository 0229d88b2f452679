-- Projection of matching's relationships (RelationshipStateChanged, RelationshipParticipantsChanged):
-- who takes part and in which phase. Only live relationships meet.
CREATE TABLE relationship (
    tenant_id            text     NOT NULL,
    id                   uuid     NOT NULL,
    state                smallint NOT NULL,
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

-- Projection of profile's availability (AvailabilityChanged): the stored proto as JSON, newest etag wins.
CREATE TABLE availability (
    tenant_id    text   NOT NULL,
    person_id    uuid   NOT NULL,
    version      bigint NOT NULL,
    availability jsonb  NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);

CREATE TABLE meeting (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    relationship_id uuid        NOT NULL,
    start_at        timestamptz NOT NULL,
    end_at          timestamptz NOT NULL CHECK (end_at > start_at),
    format          smallint    NOT NULL,
    location        text        NOT NULL DEFAULT '',
    join_url        text        NOT NULL DEFAULT '',
    title           text        NOT NULL DEFAULT '',
    state           smallint    NOT NULL,
    organizer       text        NOT NULL,
    time_zone       text        NOT NULL,
    cancel_reason   text        NOT NULL DEFAULT '',
    late_changes    integer     NOT NULL DEFAULT 0,
    sequence        integer     NOT NULL DEFAULT 0,
    version         integer     NOT NULL DEFAULT 1,
    held_minutes    integer,
    request_id      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX meeting_request ON meeting (tenant_id, request_id) WHERE request_id <> '';
CREATE INDEX meeting_relationship ON meeting (tenant_id, relationship_id, start_at);
CREATE INDEX meeting_start ON meeting (tenant_id, start_at, id);

-- Who is invited, their answer and attendance. Start and end are copied here so that a person's
-- meetings in a range (conflicts, busy time) come from one index.
CREATE TABLE meeting_attendee (
    tenant_id  text        NOT NULL,
    meeting_id uuid        NOT NULL,
    person_id  uuid        NOT NULL,
    mentor     boolean     NOT NULL,
    position   smallint    NOT NULL,
    response   smallint    NOT NULL DEFAULT 0,
    absent     boolean     NOT NULL DEFAULT false,
    start_at   timestamptz NOT NULL,
    end_at     timestamptz NOT NULL,
    busy       boolean     NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, meeting_id, person_id),
    FOREIGN KEY (tenant_id, meeting_id) REFERENCES meeting (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_attendee_busy ON meeting_attendee (tenant_id, person_id, start_at) WHERE busy;

CREATE TABLE agenda_item (
    tenant_id  text        NOT NULL,
    meeting_id uuid        NOT NULL,
    seq        bigint      GENERATED ALWAYS AS IDENTITY,
    text       text        NOT NULL,
    author_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, meeting_id, seq),
    FOREIGN KEY (tenant_id, meeting_id) REFERENCES meeting (tenant_id, id) ON DELETE CASCADE
);

-- Tenancy enforced by the database, as for participant (0002).
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
ALTER TABLE availability ENABLE ROW LEVEL SECURITY;
ALTER TABLE availability FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON availability
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE meeting ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meeting
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE meeting_attendee ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_attendee FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meeting_attendee
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE agenda_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE agenda_item FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agenda_item
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
