using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.OrgUnits.CreateOrgUnit;
using Npgsql;

namespace Mentoring.Profile.OrgUnits.UpdateOrgUnit;

/// <summary>Renames or moves a unit; a move under itself or a descendant is refused. Moves are serialised per organisation.</summary>
public sealed class UpdateOrgUnitHandler(TenantDatabase db)
{
    private static readonly string[] Updatable = ["display_name", "parent"];

    public async Task<OrgUnit> HandleAsync(UpdateOrgUnitRequest request, CancellationToken ct)
    {
        var v = new Violations();
        var unit = request.OrgUnit;
        if (unit is null) throw Violations.Single("org_unit", "is required");
        if (!ResourceName.TryParse(OrgUnitRecord.Collection, unit.Name, out var id)) v.Add("org_unit.name", "must be orgUnits/{unit_id}");
        var paths = request.UpdateMask?.Paths.Select(p => p == "displayName" ? "display_name" : p).Distinct().ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: display_name and/or parent");
        foreach (var path in paths.Where(p => !Updatable.Contains(p))) v.Add("update_mask", $"'{path}' is not an updatable field of OrgUnit");
        if (paths.Contains("display_name")) v.RequireText("org_unit.display_name", unit.DisplayName, 200);
        Guid? parentId = null;
        if (paths.Contains("parent") && !OrgUnitRecord.TryParseOptional(unit.Parent, out parentId))
            v.Add("org_unit.parent", "must be orgUnits/{unit_id} or empty");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_advisory_xact_lock(hashtext('org-units:' || @tenantId))", new { tenantId }, tx, cancellationToken: token));
                var current = await c.QuerySingleOrDefaultAsync<OrgUnitRecord>(new CommandDefinition(
                    $"SELECT {OrgUnitRecord.SelectColumns} FROM org_unit u WHERE u.tenant_id = @tenantId AND u.id = @id FOR UPDATE OF u",
                    new { tenantId, id }, tx, cancellationToken: token))
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"{unit.Name} not found."));
                if (unit.Etag.Length > 0 && unit.Etag != current.ToProto().Etag)
                    throw new RpcException(new Status(StatusCode.Aborted, $"{unit.Name} changed since it was read."));

                var newParent = paths.Contains("parent") ? parentId : current.ParentId;
                if (newParent is { } parent)
                {
                    // The new parent's chain upwards must not contain the unit itself.
                    var ancestors = (await c.QueryAsync<Guid>(new CommandDefinition(
                        """
                        WITH RECURSIVE up (id, parent_id) AS (
                            SELECT id, parent_id FROM org_unit WHERE id = @parent
                            UNION
                            SELECT o.id, o.parent_id FROM org_unit o JOIN up ON o.id = up.parent_id
                        )
                        SELECT id FROM up
                        """, new { parent }, tx, cancellationToken: token))).ToList();
                    if (ancestors.Count == 0) throw new RpcException(new Status(StatusCode.NotFound, $"{unit.Parent} not found."));
                    if (ancestors.Contains(id))
                        throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{unit.Name} cannot move under itself or one of its sub-units."));
                }

                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE org_unit SET display_name = @name, parent_id = @newParent, version = version + 1 WHERE tenant_id = @tenantId AND id = @id",
                    new { tenantId, id, newParent, name = paths.Contains("display_name") ? unit.DisplayName.Trim() : current.DisplayName },
                    tx, cancellationToken: token));
                return await CreateOrgUnitHandler.FindAsync(c, tx, tenantId, id, token);
            }, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "org_unit_sibling_name" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "A unit of that name already exists there."));
        }
    }
}
