-- Recurring meetings: the rule as booked (local first start, zone, RRULE, exception dates); its
-- occurrences are ordinary meetings that point back at it, in order.
CREATE TABLE meeting_series (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL,
    relationship_id  uuid        NOT NULL,
    first_start      text        NOT NULL,
    time_zone        text        NOT NULL,
    duration_minutes integer     NOT NULL,
    recurrence       text        NOT NULL,
    exception_dates  text[]      NOT NULL DEFAULT '{}',
    format           smallint    NOT NULL,
    location         text        NOT NULL DEFAULT '',
    join_url         text        NOT NULL DEFAULT '',
    title            text        NOT NULL DEFAULT '',
    organizer        text        NOT NULL,
    request_id       text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX meeting_series_request ON meeting_series (tenant_id, request_id) WHERE request_id <> '';

ALTER TABLE meeting ADD COLUMN series_id uuid;
ALTER TABLE meeting ADD COLUMN series_position integer;
CREATE INDEX meeting_series_occurrences ON meeting (tenant_id, series_id, series_position) WHERE series_id IS NOT NULL;

ALTER TABLE meeting_series ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_series FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meeting_series
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
