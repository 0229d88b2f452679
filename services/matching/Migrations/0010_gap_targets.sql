-- Competency pairings end when the gap closes: the target levels are fixed when the relationship
-- starts (competency id -> level), so a later change of the mentee's own target cannot close it.
ALTER TABLE relationship ADD COLUMN gap_targets jsonb;
