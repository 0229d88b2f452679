-- Speed-mentoring: matching's rotation plans (SpeedRotationPlanned, kept as published) and the
-- events booked from them, one row per conversation (round, table, mentor, mentee, time).
CREATE TABLE speed_plan (
    tenant_id       text    NOT NULL,
    id              uuid    NOT NULL,
    programme_id    uuid    NOT NULL,
    session_minutes integer NOT NULL,
    rotation        jsonb   NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE speed_event (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    plan_id    uuid        NOT NULL,
    format     smallint    NOT NULL,
    location   text        NOT NULL DEFAULT '',
    join_url   text        NOT NULL DEFAULT '',
    request_id text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX speed_event_request ON speed_event (tenant_id, request_id) WHERE request_id <> '';

CREATE TABLE speed_conversation (
    tenant_id text        NOT NULL,
    event_id  uuid        NOT NULL,
    round     integer     NOT NULL,
    table_no  integer     NOT NULL,
    mentor_id uuid        NOT NULL,
    mentee_id uuid        NOT NULL,
    start_at  timestamptz NOT NULL,
    end_at    timestamptz NOT NULL,
    place     text        NOT NULL,
    PRIMARY KEY (tenant_id, event_id, round, table_no),
    FOREIGN KEY (tenant_id, event_id) REFERENCES speed_event (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX speed_conversation_mentor ON speed_conversation (tenant_id, mentor_id, start_at);
CREATE INDEX speed_conversation_mentee ON speed_conversation (tenant_id, mentee_id, start_at);

ALTER TABLE speed_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE speed_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON speed_plan
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE speed_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE speed_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON speed_event
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
ALTER TABLE speed_conversation ENABLE ROW LEVEL SECURITY;
ALTER TABLE speed_conversation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON speed_conversation
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
