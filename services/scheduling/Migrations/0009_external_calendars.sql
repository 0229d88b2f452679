-- A published calendar a person has linked (an iCalendar address), and the outcome of its last
-- sync. Only ever its address, times and a short error text of our own: never calendar content.
CREATE TABLE external_calendar (
    tenant_id           text        NOT NULL,
    person_id           uuid        NOT NULL,
    url                 text        NOT NULL,
    linked_at           timestamptz NOT NULL,
    last_sync_at        timestamptz,
    last_success_at     timestamptz,
    last_error          text        NOT NULL DEFAULT '',
    busy_interval_count integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, person_id)
);
ALTER TABLE external_calendar ENABLE ROW LEVEL SECURITY;
ALTER TABLE external_calendar FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON external_calendar
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- The busy intervals of the last successful sync (start and end only), replaced as a whole by
-- each one; they go with the calendar.
CREATE TABLE external_busy (
    tenant_id text        NOT NULL,
    person_id uuid        NOT NULL,
    start_at  timestamptz NOT NULL,
    end_at    timestamptz NOT NULL,
    FOREIGN KEY (tenant_id, person_id) REFERENCES external_calendar (tenant_id, person_id) ON DELETE CASCADE
);
CREATE INDEX external_busy_person ON external_busy (tenant_id, person_id, start_at);
ALTER TABLE external_busy ENABLE ROW LEVEL SECURITY;
ALTER TABLE external_busy FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON external_busy
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- When each linked calendar is next due for a sync, across tenants, so that the sweeper finds due
-- work without knowing tenants (ids and times only; no row-level security). A sweeper claims a row
-- by moving its time on, so each due calendar is synced once however many replicas run.
CREATE TABLE external_calendar_due (
    tenant_id text        NOT NULL,
    person_id uuid        NOT NULL,
    due_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES external_calendar (tenant_id, person_id) ON DELETE CASCADE
);
CREATE INDEX external_calendar_due_at ON external_calendar_due (due_at);
