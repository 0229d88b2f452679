-- The programme of each relationship (RelationshipStateChanged.programme), for the report sections;
-- null until matching's next event for a relationship projected before.
ALTER TABLE relationship ADD COLUMN programme_id uuid;
CREATE INDEX relationship_programme ON relationship (tenant_id, programme_id);
