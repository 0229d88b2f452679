-- A relationship left in CONTRACTING without a signed agreement is reminded once (docs/feedback.md).
ALTER TABLE relationship ADD COLUMN contracting_since timestamptz, ADD COLUMN contracting_reminded_at timestamptz;
