-- The durable event log of the postgres transport, shared by all services (append and read only).
CREATE TABLE eventbus.log (
    position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The appending transaction: readers only take rows of transactions older than every
    -- running one, so a row that commits late can never be skipped by a cursor.
    tx          bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    type        text        NOT NULL,
    tenant_id   text        NOT NULL,
    envelope    jsonb       NOT NULL,
    appended_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX log_topic_order ON eventbus.log (topic, tx, position);

CREATE FUNCTION eventbus.notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('eventbus_appended', NEW.topic);
    RETURN NULL;
END $$;

CREATE TRIGGER log_appended AFTER INSERT ON eventbus.log
    FOR EACH ROW EXECUTE FUNCTION eventbus.notify_appended();
