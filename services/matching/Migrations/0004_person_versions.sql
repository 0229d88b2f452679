-- PersonUpdated: the projection keeps the person's version (an older change never overwrites a
-- newer one) and status (only active mentors are candidates).
ALTER TABLE candidate
    ADD COLUMN version bigint   NOT NULL DEFAULT 1,
    ADD COLUMN status  smallint NOT NULL DEFAULT 1;
