using System.Text.RegularExpressions;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes.GetProgramme;
using Programme = Mentoring.Contracts.Matching.V1.Programme;

namespace Mentoring.Matching.Programmes.UpdateProgramme;

/// <summary>
/// Changes what <c>update_mask</c> names. A rule path (<c>rules.x</c>) changes that rule alone: the others
/// keep the values in force; a rule left unset goes back to the model's default. The model never changes.
/// A change of rules or weights is stamped, so that runs made under the old ones are not published.
/// </summary>
public sealed partial class UpdateProgrammeHandler(TenantDatabase db)
{
    private static readonly string[] Whole = ["display_name", "formal", "matching_mode", "weights", "rules"];
    private static readonly HashSet<string> RuleFields = ProgrammeRules.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToHashSet();

    public async Task<Programme> HandleAsync(UpdateProgrammeRequest request, CancellationToken ct)
    {
        var p = request.Programme ?? throw Violations.Single("programme", "is required");
        var v = new Violations();
        if (!ResourceName.TryParse(ProgrammeRecord.Collection, p.Name, out var id)) v.Add("programme.name", "must be programmes/{programme_id}");
        var paths = request.UpdateMask?.Paths.Select(SnakeCase).Distinct().ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the fields to change, or *");
        if (paths.Contains("*") && paths.Count > 1) v.Add("update_mask", "* must stand alone");
        foreach (var path in paths.Where(x => x != "*" && !Whole.Contains(x) && !IsRulePath(x)))
            v.Add("update_mask", path == "model" ? "the model of a programme cannot change" : $"'{path}' is not a field UpdateProgramme changes");
        var fields = paths.Contains("*") ? Whole.ToList() : paths;
        if (fields.Contains("display_name")) v.RequireText("programme.display_name", p.DisplayName, 200);
        v.MaxLength("programme.etag", p.Etag, 20);
        ProgrammeInput.CheckValues(v, p);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var current = await GetProgrammeHandler.LoadAsync(c, tx, tenantId, id, token, forUpdate: true) ?? throw ProgrammeRecord.NotFound(p.Name);
            if (p.Etag.Length > 0 && p.Etag != current.Etag)
                throw new RpcException(new Status(StatusCode.Aborted, "The programme changed since it was read; read it again and reapply the change."));

            var rules = fields.Contains("rules") ? p.Rules?.Clone() ?? new ProgrammeRules() : current.RulesValue;
            foreach (var path in fields.Where(IsRulePath)) CopyRule(p.Rules ?? new ProgrammeRules(), rules, path["rules.".Length..]);
            var weights = fields.Contains("weights") ? p.Weights : current.WeightsValue;
            var mode = fields.Contains("matching_mode") ? p.MatchingMode : (MatchingMode)current.MatchingMode;
            var resolved = ProgrammeInput.Resolve(v, current.ModelValue, rules, weights, mode);
            v.ThrowIfAny();

            var name = fields.Contains("display_name") ? p.DisplayName.Trim() : current.DisplayName;
            var formal = fields.Contains("formal") ? p.Formal : current.Formal;
            var rulesChanged = !resolved.Rules.Equals(current.RulesValue) || !resolved.Weights.Equals(current.WeightsValue);
            if (!rulesChanged && name == current.DisplayName && formal == current.Formal && (short)resolved.Mode == current.MatchingMode)
                return current.ToProto();

            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE programme SET display_name = @name, formal = @formal, matching_mode = @mode, rules = @rules::jsonb, weights = @weights::jsonb,
                    version = version + 1, updated_at = now(), rules_changed_at = CASE WHEN @rulesChanged THEN now() ELSE rules_changed_at END
                WHERE tenant_id = @tenantId AND id = @id
                """,
                new
                {
                    tenantId, id, name, formal, mode = (short)resolved.Mode, rulesChanged,
                    rules = ProgrammeRecord.ToJson(resolved.Rules), weights = ProgrammeRecord.ToJson(resolved.Weights),
                }, tx, cancellationToken: token));
            return (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, id, token))!.ToProto();
        }, ct);
    }

    private static bool IsRulePath(string path) => path.StartsWith("rules.", StringComparison.Ordinal) && RuleFields.Contains(path["rules.".Length..]);

    /// <summary>Sets one rule of <paramref name="to"/> as <paramref name="from"/> has it; unset there, cleared (the model's default).</summary>
    private static void CopyRule(ProgrammeRules from, ProgrammeRules to, string field)
    {
        var descriptor = ProgrammeRules.Descriptor.FindFieldByName(field);
        var accessor = descriptor.Accessor;
        if (descriptor.IsRepeated)
        {
            var target = (System.Collections.IList)accessor.GetValue(to);
            target.Clear();
            foreach (var item in (System.Collections.IList)accessor.GetValue(from)) target.Add(item);
        }
        else if (descriptor.HasPresence ? accessor.HasValue(from) : !Equals(accessor.GetValue(from), descriptor.Accessor.GetValue(new ProgrammeRules())))
            accessor.SetValue(to, accessor.GetValue(from));
        else
            accessor.Clear(to);
    }

    /// <summary>A mask in a REST query string arrives as written (camelCase in JSON style); paths are snake_case.</summary>
    private static string SnakeCase(string path) => CamelHump().Replace(path.Trim(), "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
