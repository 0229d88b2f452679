using System.Text.RegularExpressions;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.Competencies.UpdateCompetency;

/// <summary>
/// Partial update of a competency by field mask with optimistic concurrency (etag). A new scale
/// may not drop a level anybody was ever assessed at (current or target): assessments lock the
/// competency row for share, so the check and the change are serialised with them.
/// </summary>
public sealed class UpdateCompetencyHandler(TenantDatabase db)
{
    private static readonly FieldMask.MergeOptions Replace = new() { ReplaceRepeatedFields = true, ReplacePrimitiveFields = true };

    public async Task<Competency> HandleAsync(UpdateCompetencyRequest request, CancellationToken ct)
    {
        var (id, fields) = Validate(request);
        var tenantId = db.TenantId;
        var name = request.Competency.Name;
        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                var current = await c.QuerySingleOrDefaultAsync<CompetencyRecord>(new CommandDefinition(
                    $"SELECT {CompetencyRecord.SelectColumns} FROM competency WHERE tenant_id = @tenantId AND id = @id FOR UPDATE",
                    new { tenantId, id }, tx, cancellationToken: token))
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));
                var before = current.ToProto();
                if (request.Competency.Etag.Length > 0 && request.Competency.Etag != before.Etag)
                    throw new RpcException(new Status(StatusCode.Aborted, $"{name} changed since it was read (etag {request.Competency.Etag})."));

                var after = before.Clone();
                new FieldMask { Paths = { fields } }.Merge(request.Competency, after, Replace);
                if (fields.Contains("levels"))
                {
                    var highest = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                        """
                        SELECT coalesce(max(greatest(current_level, target_level)), 0) FROM competency_assessment
                        WHERE tenant_id = @tenantId AND competency_id = @id
                        """, new { tenantId, id }, tx, cancellationToken: token));
                    if (after.Levels.Count < highest)
                        throw new RpcException(new Status(StatusCode.FailedPrecondition,
                            $"{name} has assessments at level {highest}; the scale cannot shrink to {after.Levels.Count} levels."));
                }

                var args = new DynamicParameters(CompetencyRecord.Columns(after));
                args.Add("tenantId", tenantId);
                args.Add("id", id);
                var updated = await c.QuerySingleAsync<CompetencyRecord>(new CommandDefinition(
                    $"""
                    UPDATE competency SET area = @Area, name = @Name, description = @Description, levels = @Levels::jsonb,
                        version = version + 1, updated_at = now()
                    WHERE tenant_id = @tenantId AND id = @id
                    RETURNING {CompetencyRecord.SelectColumns}
                    """, args, tx, cancellationToken: token));
                return updated.ToProto();
            }, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "competency_name_unique" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "The area already has a competency of this name."));
        }
    }

    private static (Guid Id, IReadOnlyList<string> Fields) Validate(UpdateCompetencyRequest request)
    {
        var v = new Violations();
        var competency = request.Competency ?? throw Violations.Single("competency", "is required");
        if (!ResourceName.TryParse(CompetencyRecord.Collection, competency.Name, out var id))
            v.Add("competency.name", "must be competencies/{competency_id}");
        v.MaxLength("competency.etag", competency.Etag, 20);
        // A mask in a REST query string arrives as written (camelCase in JSON style); paths are snake_case.
        var paths = request.UpdateMask?.Paths.Select(SnakeCase).ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the fields to update, or *");
        if (paths.Contains("*") && paths.Count > 1) v.Add("update_mask", "* must stand alone");
        foreach (var path in paths.Where(p => p != "*" && !CompetencyRules.Writable.Contains(p)))
            v.Add("update_mask", $"'{path}' is not an updatable field of Competency");
        var fields = paths.Contains("*") ? CompetencyRules.Writable : paths.Where(CompetencyRules.Writable.Contains).Distinct().ToList();
        CompetencyRules.Validate(v, competency, fields, "competency.");
        v.ThrowIfAny();
        return (id, fields);
    }

    private static string SnakeCase(string path) =>
        Regex.Replace(path.Trim(), "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();
}
