using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.OrgUnits.ListOrgUnits;

/// <summary>The organisation's units as a tree in pre-order (parents first, siblings by name).</summary>
public sealed class ListOrgUnitsHandler(TenantDatabase db)
{
    public async Task<ListOrgUnitsResponse> HandleAsync(CancellationToken ct)
    {
        var rows = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<OrgUnitRecord>(new CommandDefinition(
            $"""
            WITH RECURSIVE tree (id, path) AS (
                SELECT id, ARRAY[lower(display_name) || '/' || id::text] FROM org_unit WHERE parent_id IS NULL
                UNION ALL
                SELECT u.id, tree.path || (lower(u.display_name) || '/' || u.id::text)
                FROM org_unit u JOIN tree ON u.parent_id = tree.id
            )
            SELECT {OrgUnitRecord.SelectColumns}
            FROM tree JOIN org_unit u ON u.id = tree.id
            ORDER BY tree.path
            """, transaction: tx, cancellationToken: token))).ToList(), ct);
        var response = new ListOrgUnitsResponse();
        response.OrgUnits.AddRange(rows.Select(r => r.ToProto()));
        return response;
    }
}
