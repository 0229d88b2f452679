-- Availability: weekly recurring windows and dated exceptions of a person, in the person's time
-- zone (person.time_zone). Times are minutes after local midnight; an end of 1440 is the
-- midnight that ends the day. `availability` holds the version behind the etag, one row per
-- person who ever set their availability; windows and exceptions are replaced as a whole.
CREATE TABLE availability (
    tenant_id  text        NOT NULL,
    person_id  uuid        NOT NULL,
    version    integer     NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)
);

CREATE TABLE availability_window (
    tenant_id    text     NOT NULL,
    person_id    uuid     NOT NULL,
    position     smallint NOT NULL,
    day_of_week  smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    PRIMARY KEY (tenant_id, person_id, position),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    CHECK (end_minute > start_minute)
);

CREATE TABLE availability_exception (
    tenant_id    text     NOT NULL,
    person_id    uuid     NOT NULL,
    position     smallint NOT NULL,
    date         date     NOT NULL,
    -- Both null: the whole day is blocked.
    start_minute smallint CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   smallint CHECK (end_minute BETWEEN 1 AND 1440),
    PRIMARY KEY (tenant_id, person_id, position),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
    CHECK (end_minute > start_minute)
);

ALTER TABLE availability ENABLE ROW LEVEL SECURITY;
ALTER TABLE availability FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON availability
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE availability_window ENABLE ROW LEVEL SECURITY;
ALTER TABLE availability_window FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON availability_window
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE availability_exception ENABLE ROW LEVEL SECURITY;
ALTER TABLE availability_exception FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON availability_exception
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
