-- The clock of every meeting across tenants, kept by a trigger on meeting, so that the reminder
-- sweeper finds due work without knowing tenants (ids and times only; no row-level security).
CREATE TABLE meeting_clock (
    tenant_id  text        NOT NULL,
    meeting_id uuid        NOT NULL,
    start_at   timestamptz NOT NULL,
    end_at     timestamptz NOT NULL,
    state      smallint    NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, meeting_id)
);
CREATE INDEX meeting_clock_start ON meeting_clock (start_at) WHERE state IN (1, 2);
CREATE INDEX meeting_clock_end ON meeting_clock (end_at) WHERE state IN (1, 2);

-- search_path as at creation (the service schema): the trigger also fires for updates made by other roles.
CREATE FUNCTION meeting_clock_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO meeting_clock (tenant_id, meeting_id, start_at, end_at, state, changed_at)
    VALUES (NEW.tenant_id, NEW.id, NEW.start_at, NEW.end_at, NEW.state, NEW.updated_at)
    ON CONFLICT (tenant_id, meeting_id) DO UPDATE
        SET start_at = excluded.start_at, end_at = excluded.end_at, state = excluded.state,
            changed_at = CASE WHEN meeting_clock.start_at <> excluded.start_at THEN excluded.changed_at ELSE meeting_clock.changed_at END;
    RETURN NULL;
END $$;

CREATE TRIGGER meeting_clock_follow AFTER INSERT OR UPDATE OF start_at, end_at, state ON meeting
    FOR EACH ROW EXECUTE FUNCTION meeting_clock_follow();

-- What the sweeper has emitted: one row per meeting, kind, offset and start time, so a reminder
-- goes out once, and again only when the meeting moves.
CREATE TABLE reminder_sent (
    tenant_id      text        NOT NULL,
    meeting_id     uuid        NOT NULL,
    kind           smallint    NOT NULL,
    offset_minutes integer     NOT NULL,
    start_at       timestamptz NOT NULL,
    sent_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, meeting_id, kind, offset_minutes, start_at)
);
