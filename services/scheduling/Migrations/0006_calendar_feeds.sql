-- A person's secret calendar feed: only the SHA-256 of its token is kept, so the table cannot be
-- turned into feed addresses. No row-level security: the feed endpoint knows only the token and
-- finds the tenant here (ids and a hash only; the meetings are then read bound to that tenant).
CREATE TABLE calendar_feed (
    tenant_id  text        NOT NULL,
    person_id  uuid        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id)
);
