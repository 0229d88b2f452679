using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback.Journals;

/// <summary>A programme's reflection prompts: the organisation's own, or defaults drawn from the reflective model.</summary>
public sealed class ReflectionPromptHandlers(TenantDatabase db)
{
    public const string Suffix = "/reflectionPrompts";

    public static readonly IReadOnlyList<string> Defaults =
    [
        "What dilemma did you face this week, and what pulled you each way?",
        "Where did what you believe and what you did contradict each other?",
        "What would you do differently if the same situation came up again?",
        "What did you learn about yourself from a conversation that went badly?",
        "Which assumption of yours was challenged, and by what?",
    ];

    public async Task<ReflectionPrompts> GetAsync(GetReflectionPromptsRequest request, CancellationToken ct)
    {
        var programmeId = Parse(request.Name, "name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var own = await c.QuerySingleOrDefaultAsync<string[]>(new CommandDefinition(
                "SELECT prompts FROM reflection_prompts WHERE tenant_id = @tenantId AND programme_id = @programmeId",
                new { tenantId, programmeId }, tx, cancellationToken: token));
            // Feedback knows a programme through its relationships or its prompts; another organisation's is not found.
            if (own is null && !await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM relationship WHERE tenant_id = @tenantId AND programme_id = @programmeId)",
                    new { tenantId, programmeId }, tx, cancellationToken: token)))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name[..^Suffix.Length]} is not known here."));
            return View(request.Name, own);
        }, ct);
    }

    public async Task<ReflectionPrompts> UpdateAsync(UpdateReflectionPromptsRequest request, CancellationToken ct)
    {
        var p = request.ReflectionPrompts ?? throw Violations.Single("reflection_prompts", "is required");
        var v = new Violations();
        Guid programmeId = Guid.Empty;
        try { programmeId = Parse(p.Name, "reflection_prompts.name"); }
        catch (RpcException) { v.Add("reflection_prompts.name", "must be programmes/{programme_id}/reflectionPrompts"); }
        if (p.Prompts.Count is < 1 or > 20) v.Add("reflection_prompts.prompts", "must have 1 to 20 prompts");
        for (var i = 0; i < p.Prompts.Count; i++) v.RequireText($"reflection_prompts.prompts[{i}]", p.Prompts[i], 500);
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var prompts = p.Prompts.Select(x => x.Trim()).ToArray();
        await db.InTransactionAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reflection_prompts (tenant_id, programme_id, prompts) VALUES (@tenantId, @programmeId, @prompts)
            ON CONFLICT (tenant_id, programme_id) DO UPDATE SET prompts = excluded.prompts, updated_at = now()
            """, new { tenantId, programmeId, prompts }, tx, cancellationToken: token)), ct);
        return View(p.Name, prompts);
    }

    private static ReflectionPrompts View(string name, string[]? own)
    {
        var view = new ReflectionPrompts { Name = name, Defaults = own is null };
        view.Prompts.AddRange(own ?? Defaults);
        return view;
    }

    private static Guid Parse(string? name, string field) =>
        name is not null && name.EndsWith(Suffix, StringComparison.Ordinal) && ResourceName.TryParse("programmes", name[..^Suffix.Length], out var id)
            ? id : throw Violations.Single(field, "must be programmes/{programme_id}/reflectionPrompts");
}
