-- Outbox, inbox and subscriber state, created in every service's own schema (the role's search_path).

-- Events written in the same transaction as the state change; the relay publishes them.
CREATE TABLE outbox (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    topic           text        NOT NULL,
    type            text        NOT NULL,
    tenant_id       text        NOT NULL,
    envelope        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    published_at    timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, position) WHERE published_at IS NULL;

-- One row per (subscriber, event) handled: the handler's effect and this row commit together.
CREATE TABLE inbox (
    subscriber  text        NOT NULL,
    event_id    uuid        NOT NULL,
    handled_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber, event_id)
);

-- Postgres transport: how far each subscriber has read the shared event log.
CREATE TABLE event_cursor (
    subscriber  text   PRIMARY KEY,
    tx          bigint NOT NULL,
    position    bigint NOT NULL
);

-- Deliveries that failed: retried with backoff, dead-lettered after too many attempts.
CREATE TABLE event_failure (
    subscriber       text        NOT NULL,
    event_id         uuid        NOT NULL,
    topic            text        NOT NULL,
    envelope         jsonb       NOT NULL,
    attempts         integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text        NOT NULL,
    first_failed_at  timestamptz NOT NULL DEFAULT now(),
    dead_lettered_at timestamptz,
    PRIMARY KEY (subscriber, event_id)
);
CREATE INDEX event_failure_due ON event_failure (subscriber, next_attempt_at) WHERE dead_lettered_at IS NULL;
