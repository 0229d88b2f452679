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
        if (!Enum.IsDefined(p.MatchingMode)) v.Add("programme.matching_mode", "must be a matching mode");
        if (p.Rules is { } r)
        {
            if (!Enum.IsDefined(r.EndCondition)) v.Add("programme.rules.end_condition", "must be an end condition");
            if (!Enum.IsDefined(r.SeniorityDirection)) v.Add("programme.rules.seniority_direction", "must be a seniority direction");
            if (r.FormatsAllowed.Any(f => f == Mentoring.Contracts.Profile.V1.MeetingFormat.Unspecified || !Enum.IsDefined(f)))
                v.Add("programme.rules.formats_allowed", "must list meeting formats");
        }
        if (p.Weights is { } w && new[] { w.CompetencyGap, w.AreaOfWork, w.Seniority, w.Availability, w.Interests, w.Language, w.LocationFormat }.Any(x => x is < 0 or > 100))
            v.Add("programme.weights", "must each be between 0 and 100");
        v.ThrowIfAny();

        var resolved = ProgrammeSettings.Resolve(p.Model, p.Rules, p.Weights);
        foreach (var violation in Engine.Programmes.ProgrammeRulesValidator.Validate(resolved))
            v.Add(ContractField(violation.Field), violation.Description);
        v.ThrowIfAny();

        var (rules, weights) = ProgrammeSettings.ToProto(resolved);
        var mode = p.MatchingMode == MatchingMode.Unspecified
            ? resolved.MaxRequestsPerMentee is null ? MatchingMode.AdministratorRun : MatchingMode.Both
            : p.MatchingMode;
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

    /// <summary>The engine names rule fields as the contract does (snake_case), relative to the rules.</summary>
    private static string ContractField(string engineField) =>
        engineField.StartsWith("weights", StringComparison.Ordinal) ? $"programme.{engineField}" : $"programme.rules.{engineField}";
}
