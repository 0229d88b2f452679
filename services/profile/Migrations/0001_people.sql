CREATE TABLE person (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    display_name    text        NOT NULL,
    email           text        NOT NULL,
    area_of_work    text        NOT NULL,
    seniority_level smallint    NOT NULL,
    skills          jsonb       NOT NULL DEFAULT '[]',
    roles           smallint[]  NOT NULL,
    time_zone       text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX person_email_unique ON person (tenant_id, lower(email));

-- Idempotency keys of RegisterPerson: a retry with the same key returns the first result.
CREATE TABLE register_person_request (
    tenant_id  text        NOT NULL,
    request_id text        NOT NULL,
    person_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, request_id)
);
