-- The programme's mentoring model of each relationship (RelationshipStateChanged.model), for the
-- aggregates by model; 0 until matching's next event for a relationship projected before.
ALTER TABLE relationship ADD COLUMN model smallint NOT NULL DEFAULT 0;
CREATE INDEX relationship_programme ON relationship (tenant_id, programme_id);
CREATE INDEX relationship_model ON relationship (tenant_id, model);
