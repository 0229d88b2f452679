-- Retention of eventbus.log (docs/adr/0001-postgres-event-transport.md, "Retention").

-- Every known subscriber of the log and how far it has read: a copy of its event_cursor, moved
-- in the same transaction, so the sweep can see every service's position. A service role may
-- read every row but write only its own (row-level security on current_user).
CREATE TABLE eventbus.subscriber (
    service     text        NOT NULL DEFAULT current_user,
    subscriber  text        NOT NULL,
    topic       text        NOT NULL,
    tx          bigint      NOT NULL,
    position    bigint      NOT NULL,
    seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, subscriber)
);
CREATE INDEX subscriber_topic_order ON eventbus.subscriber (topic, tx, position);

ALTER TABLE eventbus.subscriber ENABLE ROW LEVEL SECURITY;
CREATE POLICY subscriber_read ON eventbus.subscriber FOR SELECT USING (true);
CREATE POLICY subscriber_insert ON eventbus.subscriber FOR INSERT WITH CHECK (service = current_user);
CREATE POLICY subscriber_update ON eventbus.subscriber FOR UPDATE USING (service = current_user) WITH CHECK (service = current_user);

-- Per topic, the greatest (tx, position) deleted so far. A subscriber whose cursor is below it
-- has missed events and needs a bootstrap; with no row, nothing of the topic was ever deleted.
CREATE TABLE eventbus.log_pruned (
    topic       text        PRIMARY KEY,
    tx          bigint      NOT NULL,
    position    bigint      NOT NULL,
    pruned_at   timestamptz NOT NULL DEFAULT now()
);

-- One batch of the sweep, in the caller's (short) transaction: deletes up to batch_size rows
-- older than the window that every known subscriber of their topic has passed, and below the
-- read horizon. Returns the count, or NULL when another sweep holds the lock. The only way a
-- service role can delete from the log (it has no DELETE right).
CREATE FUNCTION eventbus.prune_log(retention interval, batch_size integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    deleted integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('mentoring.eventbus/prune', 0)) THEN
        RETURN NULL;
    END IF;
    WITH horizon AS (
        SELECT DISTINCT ON (topic) topic, tx, position
        FROM eventbus.subscriber
        ORDER BY topic, tx, position
    ), doomed AS (
        SELECT l.position
        FROM eventbus.log l
        LEFT JOIN horizon h ON h.topic = l.topic
        WHERE l.appended_at < now() - retention
          AND l.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          AND (h.topic IS NULL OR (l.tx, l.position) <= (h.tx, h.position))
        ORDER BY l.position
        LIMIT batch_size
    ), gone AS (
        DELETE FROM eventbus.log l USING doomed d WHERE l.position = d.position
        RETURNING l.topic, l.tx, l.position
    ), marks AS (
        INSERT INTO eventbus.log_pruned AS p (topic, tx, position)
        SELECT DISTINCT ON (topic) topic, tx, position FROM gone ORDER BY topic, tx DESC, position DESC
        ON CONFLICT (topic) DO UPDATE SET tx = excluded.tx, position = excluded.position, pruned_at = now()
        WHERE (p.tx, p.position) < (excluded.tx, excluded.position)
    )
    SELECT count(*) INTO deleted FROM gone;
    RETURN deleted;
END $$;

REVOKE ALL ON FUNCTION eventbus.prune_log(interval, integer) FROM PUBLIC;
