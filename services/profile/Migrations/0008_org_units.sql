-- Organisation units (a tree per tenant) and the unit each person belongs to.
CREATE TABLE org_unit (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    display_name text        NOT NULL,
    parent_id    uuid,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES org_unit (tenant_id, id),
    CHECK (parent_id <> id)
);
CREATE UNIQUE INDEX org_unit_sibling_name
    ON org_unit (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(display_name));

CREATE TABLE create_org_unit_request (
    tenant_id  text NOT NULL,
    request_id text NOT NULL,
    unit_id    uuid NOT NULL,
    PRIMARY KEY (tenant_id, request_id)
);

ALTER TABLE person ADD COLUMN org_unit_id uuid;
ALTER TABLE person ADD CONSTRAINT person_org_unit_fk FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_unit (tenant_id, id);
CREATE INDEX person_by_org_unit ON person (tenant_id, org_unit_id) WHERE org_unit_id IS NOT NULL;

ALTER TABLE org_unit ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_unit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON org_unit
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE create_org_unit_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE create_org_unit_request FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON create_org_unit_request
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
