-- Reporting lines: each person has at most one line manager in the same organisation.
ALTER TABLE person ADD COLUMN line_manager_id uuid;
ALTER TABLE person ADD CONSTRAINT person_line_manager_fk
    FOREIGN KEY (tenant_id, line_manager_id) REFERENCES person (tenant_id, id);
ALTER TABLE person ADD CONSTRAINT person_not_own_manager CHECK (line_manager_id <> id);
CREATE INDEX person_by_line_manager ON person (tenant_id, line_manager_id) WHERE line_manager_id IS NOT NULL;
