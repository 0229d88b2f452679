-- PersonUpdated: the projection keeps the person's version, so an older change never overwrites a newer one.
ALTER TABLE participant ADD COLUMN version bigint NOT NULL DEFAULT 1;
