-- Partner HR systems key their people by their own ids: unique per tenant and calling application.
ALTER TABLE person ADD COLUMN external_source text, ADD COLUMN external_id text;
CREATE UNIQUE INDEX person_external_id ON person (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
