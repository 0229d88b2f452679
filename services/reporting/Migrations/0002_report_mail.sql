-- When the report was mailed to the configured recipients (null: not yet, or no mail configured).
-- Kept apart from `done`: a report stays done when mailing fails, and the next run mails it.
ALTER TABLE report_run ADD COLUMN mailed_at timestamptz;
