-- Projection of feedback's AgreementSigned: the latest signed version of each relationship's
-- agreement. A formal programme's relationship becomes ACTIVE only with one (docs/domain.md §3).
ALTER TABLE relationship ADD COLUMN agreement_version integer;
