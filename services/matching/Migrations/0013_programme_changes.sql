-- Programmes change (UpdateProgramme): a version for the etag, when anything last changed, and when the
-- rules or weights last changed, so that a match run made under the old rules is not published.
-- Both times stay unset for programmes that never changed (their creation time stands in).
ALTER TABLE programme
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz,
    ADD COLUMN rules_changed_at timestamptz;
