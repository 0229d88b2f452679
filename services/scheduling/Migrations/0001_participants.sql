-- Projection of profile's people (PersonRegistered): names and time zones of participants.
CREATE TABLE participant (
    tenant_id     text        NOT NULL,
    person_id     uuid        NOT NULL,
    display_name  text        NOT NULL,
    time_zone     text        NOT NULL,
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
