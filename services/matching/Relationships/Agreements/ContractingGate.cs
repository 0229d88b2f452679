using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Npgsql;

namespace Mentoring.Matching.Relationships.Agreements;

/// <summary>
/// A formal programme's relationship leaves CONTRACTING for ACTIVE only with a signed agreement
/// (docs/domain.md §3: formal mentoring is accountable by agreement); informal ones need none.
/// </summary>
public static class ContractingGate
{
    public static async Task EnsureMayStartAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, RelationshipRecord record,
        RelationshipState target, CancellationToken ct)
    {
        if (record.StateValue != RelationshipState.Contracting || target != RelationshipState.Active) return;
        var blocked = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT p.formal AND r.agreement_version IS NULL
            FROM relationship r JOIN programme p ON p.tenant_id = r.tenant_id AND p.id = r.programme_id
            WHERE r.tenant_id = @tenantId AND r.id = @Id
            """, new { tenantId, record.Id }, tx, cancellationToken: ct));
        if (blocked)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{record.Name} is in a formal programme: every participant must sign the agreement (feedback's SignAgreement) before it becomes ACTIVE."));
    }
}
