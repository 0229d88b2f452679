-- Profile's people as the token server needs them: which person an e-mail address is, per
-- organisation, so that a user who signs in with that address gets the `person` claim
-- (docs/architecture.md, "Who a user is"). Kept by People/PersonDirectory from profile's events;
-- `version` is the person's, so a late, older event never overwrites a newer one.
CREATE TABLE person_directory (
    tenant  text   NOT NULL,
    person  text   NOT NULL CHECK (person ~ '^people/[^/]+$'),
    email   text   NOT NULL CHECK (email = lower(email)),
    version bigint NOT NULL,
    PRIMARY KEY (tenant, person)
);
CREATE INDEX person_directory_email ON person_directory (tenant, email);
