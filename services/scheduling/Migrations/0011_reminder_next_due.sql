-- The reminder sweeper's own schedule: next_due_at is when a meeting next has something due
-- (a reminder before it, attendance after it, or the end of the attendance window). The sweeper
-- claims only rows whose time has come, through this index, and stores the next time after each
-- visit; it never walks meetings whose reminders already went out. A booking, a move or a reopening
-- sets it to the time of the change, so the next sweep looks at the meeting at once and computes
-- its schedule from the configured offsets; a meeting that is no longer open has nothing due.
ALTER TABLE meeting_clock ADD COLUMN next_due_at timestamptz;
UPDATE meeting_clock SET next_due_at = changed_at WHERE state IN (1, 2);
CREATE INDEX meeting_clock_next_due ON meeting_clock (next_due_at) WHERE next_due_at IS NOT NULL;
DROP INDEX meeting_clock_start;
DROP INDEX meeting_clock_end;

CREATE OR REPLACE FUNCTION meeting_clock_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO meeting_clock (tenant_id, meeting_id, start_at, end_at, state, changed_at, next_due_at)
    VALUES (NEW.tenant_id, NEW.id, NEW.start_at, NEW.end_at, NEW.state, NEW.updated_at,
            CASE WHEN NEW.state IN (1, 2) THEN NEW.updated_at END)
    ON CONFLICT (tenant_id, meeting_id) DO UPDATE
        SET start_at = excluded.start_at, end_at = excluded.end_at, state = excluded.state,
            changed_at = CASE WHEN meeting_clock.start_at <> excluded.start_at THEN excluded.changed_at ELSE meeting_clock.changed_at END,
            next_due_at = CASE
                WHEN excluded.state NOT IN (1, 2) THEN NULL
                WHEN meeting_clock.start_at <> excluded.start_at OR meeting_clock.end_at <> excluded.end_at
                     OR meeting_clock.state NOT IN (1, 2) THEN excluded.changed_at
                ELSE meeting_clock.next_due_at END;
    RETURN NULL;
END $$;
