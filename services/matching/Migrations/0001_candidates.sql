-- Projection of profile's people (PersonRegistered): who can mentor or be mentored.
CREATE TABLE candidate (
    tenant_id       text        NOT NULL,
    person_id       uuid        NOT NULL,
    display_name    text        NOT NULL,
    area_of_work    text        NOT NULL,
    seniority_level smallint    NOT NULL,
    skills          jsonb       NOT NULL,
    is_mentor       boolean     NOT NULL,
    is_mentee       boolean     NOT NULL,
    registered_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
CREATE INDEX candidate_mentors_by_area ON candidate (tenant_id, lower(area_of_work), seniority_level) WHERE is_mentor;
