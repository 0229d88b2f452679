-- For notifications: where to write to a participant and in which language (first of the
-- person's languages in profile). Cleared when the person is erased.
ALTER TABLE participant ADD COLUMN email text NOT NULL DEFAULT '';
ALTER TABLE participant ADD COLUMN language text NOT NULL DEFAULT '';

-- One row per notification and person, written as each mail goes out, so a redelivered event
-- never mails someone twice.
CREATE TABLE notification_sent (
    tenant_id text        NOT NULL,
    event_id  uuid        NOT NULL,
    person_id uuid        NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id, person_id)
);
ALTER TABLE notification_sent ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_sent FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_sent
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
