using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.Competencies.CreateCompetency;

/// <summary>Creates a competency of the framework. Idempotent by <c>request_id</c>; names are unique within an area.</summary>
public sealed class CreateCompetencyHandler(TenantDatabase db)
{
    public async Task<Competency> HandleAsync(CreateCompetencyRequest request, CancellationToken ct)
    {
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        if (request.Competency is null) v.Add("competency", "is required");
        else CompetencyRules.Validate(v, request.Competency, CompetencyRules.Writable, "competency.");
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                if (request.RequestId.Length > 0 && await FindByRequestAsync(c, tx, tenantId, request.RequestId, token) is { } earlier)
                    return earlier.ToProto();
                var args = new DynamicParameters(CompetencyRecord.Columns(request.Competency!));
                args.Add("tenantId", tenantId);
                args.Add("Id", Guid.CreateVersion7());
                var row = await c.QuerySingleAsync<CompetencyRecord>(new CommandDefinition(
                    $"""
                    INSERT INTO competency (tenant_id, id, area, name, description, levels)
                    VALUES (@tenantId, @Id, @Area, @Name, @Description, @Levels::jsonb)
                    RETURNING {CompetencyRecord.SelectColumns}
                    """, args, tx, cancellationToken: token));
                if (request.RequestId.Length > 0)
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO create_competency_request (tenant_id, request_id, competency_id) VALUES (@tenantId, @RequestId, @Id)",
                        new { tenantId, request.RequestId, row.Id }, tx, cancellationToken: token));
                return row.ToProto();
            }, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "competency_name_unique" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "The area already has a competency of this name."));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "create_competency_request_pkey" })
        {
            // A concurrent call with the same request_id won the race: answer with its result.
            return await db.InTransactionAsync(async (c, tx, token) =>
                (await FindByRequestAsync(c, tx, tenantId, request.RequestId, token))!.ToProto(), ct);
        }
    }

    private static Task<CompetencyRecord?> FindByRequestAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string requestId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<CompetencyRecord>(new CommandDefinition(
            $"""
            SELECT {CompetencyRecord.SelectColumns} FROM competency
            WHERE tenant_id = @tenantId
              AND id = (SELECT competency_id FROM create_competency_request WHERE tenant_id = @tenantId AND request_id = @requestId)
            """, new { tenantId, requestId }, tx, cancellationToken: ct));
}
