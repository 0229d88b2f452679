using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;

using Mentoring.Matching.Programmes.GetProgramme;
using Programme = Mentoring.Contracts.Matching.V1.Programme;

namespace Mentoring.Matching.Programmes.CreateProgramme;

/// <summary>
/// Creates a programme with the model's defaults where the request leaves rules unset; the engine's
/// validator names every bad field. Idempotent by request id.
/// </summary>
public sealed class CreateProgrammeHandler(TenantDatabase db)
{
    public async Task<Programme> HandleAsync(CreateProgrammeRequest request, CancellationToken ct)
    {
        var p = request.Programme ?? throw Violations.Single("programme", "is required");
        var v = new Violations().RequireText("programme.display_name", p.DisplayName, 200).MaxLength("request_id", request.RequestId, 100);
        if (p.Model == MentoringModel.Unspecified || !Enum.IsDefined(p.Model)) v.Add("programme.model", "must be a mentoring model");
        ProgrammeInput.CheckValues(v, p);
        v.ThrowIfAny();
        var (rules, weights, mode) = ProgrammeInput.Resolve(v, p.Model, p.Rules, p.Weights, p.MatchingMode);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var id = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                INSERT INTO programme (tenant_id, id, display_name, model, formal, matching_mode, rules, weights, request_id)
                VALUES (@tenantId, @id, @name, @model, @formal, @mode, @rules::jsonb, @weights::jsonb, @requestId)
                ON CONFLICT (tenant_id, request_id) WHERE request_id <> '' DO NOTHING
                RETURNING id
                """,
                new
                {
                    tenantId, id = Guid.CreateVersion7(), name = p.DisplayName.Trim(), model = (short)p.Model, formal = p.Formal, mode = (short)mode,
                    rules = ProgrammeRecord.ToJson(rules), weights = ProgrammeRecord.ToJson(weights), requestId = request.RequestId,
                }, tx, cancellationToken: token))
                ?? await c.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "SELECT id FROM programme WHERE tenant_id = @tenantId AND request_id = @requestId",
                    new { tenantId, requestId = request.RequestId }, tx, cancellationToken: token));
            return (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, id, token))!.ToProto();
        }, ct);
    }
}
