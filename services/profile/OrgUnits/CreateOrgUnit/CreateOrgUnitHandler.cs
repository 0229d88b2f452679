using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.OrgUnits.CreateOrgUnit;

/// <summary>Creates a unit at the top or under a parent; idempotent by request id.</summary>
public sealed class CreateOrgUnitHandler(TenantDatabase db)
{
    public async Task<OrgUnit> HandleAsync(CreateOrgUnitRequest request, CancellationToken ct)
    {
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        var unit = request.OrgUnit;
        Guid? parentId = null;
        if (unit is null) v.Add("org_unit", "is required");
        else
        {
            v.RequireText("org_unit.display_name", unit.DisplayName, 200);
            if (!OrgUnitRecord.TryParseOptional(unit.Parent, out parentId)) v.Add("org_unit.parent", "must be orgUnits/{unit_id} or empty");
        }
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                if (request.RequestId.Length > 0 && await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                        "SELECT unit_id FROM create_org_unit_request WHERE tenant_id = @tenantId AND request_id = @RequestId",
                        new { tenantId, request.RequestId }, tx, cancellationToken: token)) is { } earlier)
                    return await FindAsync(c, tx, tenantId, earlier, token);

                var id = Guid.CreateVersion7();
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO org_unit (tenant_id, id, display_name, parent_id) VALUES (@tenantId, @id, @DisplayName, @parentId)",
                    new { tenantId, id, DisplayName = unit!.DisplayName.Trim(), parentId }, tx, cancellationToken: token));
                if (request.RequestId.Length > 0)
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO create_org_unit_request (tenant_id, request_id, unit_id) VALUES (@tenantId, @RequestId, @id)",
                        new { tenantId, request.RequestId, id }, tx, cancellationToken: token));
                return await FindAsync(c, tx, tenantId, id, token);
            }, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"{unit!.Parent} not found."));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "org_unit_sibling_name" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"A unit named '{unit!.DisplayName.Trim()}' already exists there."));
        }
    }

    internal static async Task<OrgUnit> FindAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct) =>
        (await c.QuerySingleAsync<OrgUnitRecord>(new CommandDefinition(
            $"SELECT {OrgUnitRecord.SelectColumns} FROM org_unit u WHERE u.tenant_id = @tenantId AND u.id = @id",
            new { tenantId, id }, tx, cancellationToken: ct))).ToProto();
}
