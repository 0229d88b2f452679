-- Tenancy enforced by the database: rows are visible and writable only for the tenant bound to the
-- transaction (app.tenant_id, set by TenantDatabase / the event dispatcher). FORCE applies the
-- policy to the owning role too, which is the service's own role.
ALTER TABLE participant ENABLE ROW LEVEL SECURITY;
ALTER TABLE participant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON participant
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
