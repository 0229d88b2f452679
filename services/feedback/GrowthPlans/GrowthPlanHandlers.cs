using Dapper;
using Google.Protobuf;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.GrowthPlans;

/// <summary>
/// A mentee's growth plan (docs/domain.md §3, focus on growth): private to its owner, who may share
/// it with relationships they take part in; their participants read it through <see cref="ListSharedAsync"/>.
/// </summary>
public sealed class GrowthPlanHandlers(TenantDatabase db, DataKeyRing keys)
{
    public const string Suffix = "/growthPlan";
    public static readonly IReadOnlyList<string> Parts = ["objectives", "current_skills", "career_expectations", "organisation_fit", "shared_with"];

    // A class with properties, not a positional record: Dapper reports uuid[] as System.Array to constructors.
    private sealed class Row
    {
        public Guid PersonId { get; init; }
        public byte[] Content { get; init; } = [];
        public Guid[] SharedWith { get; init; } = [];
        public int Revision { get; init; }
        public DateTime UpdatedAt { get; init; }
    }

    private const string Columns = "person_id AS PersonId, content, shared_with AS SharedWith, revision, updated_at AS UpdatedAt";

    public async Task<GrowthPlan> GetAsync(GetGrowthPlanRequest request, CancellationToken ct)
    {
        var personId = Parse(request.Name, "name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
            await ViewAsync(c, tx, tenantId, personId, await LoadAsync(c, tx, tenantId, personId, token), null, token), ct);
    }

    public async Task<GrowthPlan> UpdateAsync(UpdateGrowthPlanRequest request, CancellationToken ct)
    {
        var plan = request.GrowthPlan ?? throw Violations.Single("growth_plan", "is required");
        var v = new Violations();
        var personId = Guid.Empty;
        try { personId = Parse(plan.Name, "growth_plan.name"); }
        catch (RpcException) { v.Add("growth_plan.name", "must be people/{person_id}/growthPlan"); }
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the parts to write, or *");
        foreach (var path in paths.Where(p => p != "*" && !Parts.Contains(p))) v.Add("update_mask", $"'{path}' is not a part of the growth plan");
        var parts = paths.Contains("*") ? Parts : Parts.Where(paths.Contains).ToList();
        foreach (var part in parts.Where(p => p != "shared_with"))
            v.MaxLength($"growth_plan.{part}", (string)GrowthPlan.Descriptor.FindFieldByName(part).Accessor.GetValue(plan), 4000);
        var shared = new List<Guid>();
        if (parts.Contains("shared_with"))
        {
            if (plan.SharedWith.Count > 10) v.Add("growth_plan.shared_with", "must have at most 10 entries");
            for (var i = 0; i < plan.SharedWith.Count; i++)
                if (ResourceName.TryParse(RelationshipRow.Collection, plan.SharedWith[i], out var r)) shared.Add(r);
                else v.Add($"growth_plan.shared_with[{i}]", "must be relationships/{relationship_id}");
        }
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            foreach (var r in shared.Distinct())
                if (await RelationshipStore.LoadAsync(c, tx, tenantId, r, token) is not { } relationship || !relationship.IsParticipant(personId))
                    throw Violations.Single("growth_plan.shared_with", $"{ResourceName.Format(RelationshipRow.Collection, r)} is not a relationship of yours");
            // Serialises writers of one plan even before its first row exists.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"growth_plan/{tenantId}/{personId}" }, tx, cancellationToken: token));
            var row = await LoadAsync(c, tx, tenantId, personId, token, forUpdate: true);
            if (plan.Etag.Length > 0 && plan.Etag != ContentNames.Etag(row?.Revision ?? 0))
                throw new RpcException(new Status(StatusCode.Aborted, $"{plan.Name} changed since it was read."));
            var next = row is null ? new GrowthPlan() : await OpenAsync(c, tx, tenantId, row, token);
            foreach (var part in parts.Where(p => p != "shared_with"))
            {
                var field = GrowthPlan.Descriptor.FindFieldByName(part);
                field.Accessor.SetValue(next, ((string)field.Accessor.GetValue(plan)).Trim());
            }
            var sharedWith = parts.Contains("shared_with") ? shared.Distinct().ToArray() : row?.SharedWith ?? [];
            var content = await keys.SealAsync(c, tx, tenantId, next.ToByteArray(), Place(personId), token);
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO growth_plan (tenant_id, person_id, content, shared_with) VALUES (@tenantId, @personId, @content, @sharedWith)
                ON CONFLICT (tenant_id, person_id) DO UPDATE
                    SET content = excluded.content, shared_with = excluded.shared_with, revision = growth_plan.revision + 1, updated_at = now()
                """, new { tenantId, personId, content, sharedWith }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, personId, await LoadAsync(c, tx, tenantId, personId, token), null, token);
        }, ct);
    }

    public async Task<ListSharedGrowthPlansResponse> ListSharedAsync(ListSharedGrowthPlansRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM growth_plan WHERE tenant_id = @tenantId AND @relationshipId = ANY(shared_with) ORDER BY person_id",
                new { tenantId, relationshipId }, tx, cancellationToken: token));
            var response = new ListSharedGrowthPlansResponse();
            // A plan stays shared only while its owner still takes part in the relationship.
            foreach (var row in rows.Where(r => relationship.IsParticipant(r.PersonId)))
                response.GrowthPlans.Add(await ViewAsync(c, tx, tenantId, row.PersonId, row, relationshipId, token));
            return response;
        }, ct);
    }

    private static Task<Row?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct, bool forUpdate = false) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM growth_plan WHERE tenant_id = @tenantId AND person_id = @personId{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, personId }, tx, cancellationToken: ct));

    private async Task<GrowthPlan> OpenAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct) =>
        GrowthPlan.Parser.ParseFrom(await keys.OpenAsync(c, tx, tenantId, row.Content, Place(row.PersonId), ct));

    /// <summary>The plan as its owner sees it, or, with <paramref name="sharedTo"/>, as that relationship sees it (only that share listed).</summary>
    private async Task<GrowthPlan> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, Row? row, Guid? sharedTo, CancellationToken ct)
    {
        var view = row is null ? new GrowthPlan() : await OpenAsync(c, tx, tenantId, row, ct);
        view.Name = ResourceName.Format("people", personId) + Suffix;
        view.Etag = ContentNames.Etag(row?.Revision ?? 0);
        view.CompetencyTargets.AddRange(await TargetsAsync(c, tx, tenantId, personId, ct));
        if (row is null) return view;
        view.UpdateTime = ContentNames.Utc(row.UpdatedAt);
        view.SharedWith.AddRange((sharedTo is { } only ? [only] : row.SharedWith).Select(r => ResourceName.Format(RelationshipRow.Collection, r)));
        return view;
    }

    private sealed record TargetRow(Guid CompetencyId, short CurrentLevel, short TargetLevel, DateTime AssessedAt);

    /// <summary>The person's competency gaps by profile's latest assessments, largest first.</summary>
    private static async Task<IEnumerable<CompetencyTarget>> TargetsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct) =>
        (await c.QueryAsync<TargetRow>(new CommandDefinition(
            """
            SELECT competency_id AS CompetencyId, current_level AS CurrentLevel, target_level AS TargetLevel, assessed_at AS AssessedAt
            FROM competency_assessment WHERE tenant_id = @tenantId AND person_id = @personId AND target_level > current_level
            ORDER BY target_level - current_level DESC, competency_id LIMIT 100
            """, new { tenantId, personId }, tx, cancellationToken: ct)))
        .Select(t => new CompetencyTarget
        {
            Competency = ResourceName.Format("competencies", t.CompetencyId), CurrentLevel = t.CurrentLevel, TargetLevel = t.TargetLevel,
            AssessTime = ContentNames.Utc(t.AssessedAt),
        });

    /// <summary>The owner of <c>people/{id}/growthPlan</c> (for the self rule of the policy table).</summary>
    public static string OwnerOf(string? name) => (name ?? "").EndsWith(Suffix, StringComparison.Ordinal) ? name![..^Suffix.Length] : "";

    private static Guid Parse(string? name, string field) =>
        ResourceName.TryParse("people", OwnerOf(name), out var id) ? id : throw Violations.Single(field, "must be people/{person_id}/growthPlan");

    private static string Place(Guid personId) => $"growth_plan/{personId}/content";
}
