using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.RapportProfiles;

/// <summary>
/// Reads and partial updates of a person's rapport profile. Parts are stored as one JSON object
/// keyed by field name; who may call is the policy table's business (the person only).
/// </summary>
public sealed class RapportProfileHandlers(TenantDatabase db)
{
    public const string Suffix = "/rapportProfile";
    public const int MaxPartLength = 2000;

    /// <summary>The text parts, i.e. every string field but name and etag.</summary>
    public static readonly IReadOnlyList<string> Parts = RapportProfile.Descriptor.Fields.InFieldNumberOrder()
        .Where(f => f.FieldType == Google.Protobuf.Reflection.FieldType.String && f.Name is not ("name" or "etag"))
        .Select(f => f.Name).ToList();

    private sealed record Row(string Parts, int Version, DateTime UpdatedAt);

    /// <summary>The person the profile belongs to, <c>people/{id}</c> (for the self check).</summary>
    public static string PersonOf(string? name) => (name ?? "").EndsWith(Suffix, StringComparison.Ordinal) ? name![..^Suffix.Length] : "";

    public async Task<RapportProfile> GetAsync(GetRapportProfileRequest request, CancellationToken ct)
    {
        var personId = Parse(request.Name, "name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await EnsurePersonAsync(c, tx, tenantId, personId, request.Name, token);
            return ToProto(request.Name, await ReadAsync(c, tx, tenantId, personId, token, forUpdate: false));
        }, ct);
    }

    public async Task<RapportProfile> UpdateAsync(UpdateRapportProfileRequest request, CancellationToken ct)
    {
        var profile = request.RapportProfile ?? throw Violations.Single("rapport_profile", "is required");
        var v = new Violations();
        if (!TryParse(profile.Name, out var personId)) v.Add("rapport_profile.name", "must be people/{person_id}/rapportProfile");
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the parts to update, or *");
        foreach (var path in paths.Where(p => p != "*" && !Parts.Contains(p))) v.Add("update_mask", $"'{path}' is not a part of the rapport profile");
        var fields = paths.Contains("*") ? Parts : paths.Where(Parts.Contains).Distinct().ToList();
        foreach (var field in fields)
            v.MaxLength($"rapport_profile.{field}", (string)RapportProfile.Descriptor.FindFieldByName(field).Accessor.GetValue(profile), MaxPartLength);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await EnsurePersonAsync(c, tx, tenantId, personId, profile.Name, token);
            var current = await ReadAsync(c, tx, tenantId, personId, token, forUpdate: true);
            if (profile.Etag.Length > 0 && profile.Etag != ToProto(profile.Name, current).Etag)
                throw new RpcException(new Status(StatusCode.Aborted, $"{profile.Name} changed since it was read."));
            var parts = current is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(current.Parts)!;
            foreach (var field in fields)
            {
                var value = ((string)RapportProfile.Descriptor.FindFieldByName(field).Accessor.GetValue(profile)).Trim();
                if (value.Length == 0) parts.Remove(field); else parts[field] = value;
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO rapport_profile (tenant_id, person_id, parts) VALUES (@tenantId, @personId, @parts::jsonb)
                ON CONFLICT (tenant_id, person_id) DO UPDATE
                    SET parts = excluded.parts, version = rapport_profile.version + 1, updated_at = now()
                """, new { tenantId, personId, parts = JsonSerializer.Serialize(parts) }, tx, cancellationToken: token));
            return ToProto(profile.Name, await ReadAsync(c, tx, tenantId, personId, token, forUpdate: false));
        }, ct);
    }

    /// <summary>The stored profile inside the caller's transaction (for the person's own export).</summary>
    public static async Task<RapportProfile> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct)
    {
        var name = ResourceName.Format("people", personId) + Suffix;
        return ToProto(name, await ReadAsync(c, tx, tenantId, personId, ct, forUpdate: false));
    }

    private static Task<Row?> ReadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct, bool forUpdate) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT parts::text AS Parts, version, updated_at AS UpdatedAt FROM rapport_profile WHERE tenant_id = @tenantId AND person_id = @personId{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, personId }, tx, cancellationToken: ct));

    private static async Task EnsurePersonAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, string name, CancellationToken ct)
    {
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM person WHERE tenant_id = @tenantId AND id = @personId)", new { tenantId, personId }, tx, cancellationToken: ct)))
            throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));
    }

    private static RapportProfile ToProto(string name, Row? row)
    {
        var profile = new RapportProfile { Name = name, Etag = $"\"{row?.Version ?? 0}\"" };
        if (row is null) return profile;
        profile.UpdateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc));
        foreach (var (field, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(row.Parts)!)
            if (Parts.Contains(field)) RapportProfile.Descriptor.FindFieldByName(field).Accessor.SetValue(profile, value);
        return profile;
    }

    private static bool TryParse(string? name, out Guid personId)
    {
        personId = Guid.Empty;
        var person = PersonOf(name);
        return person.Length > 0 && ResourceName.TryParse("people", person, out personId);
    }

    private static Guid Parse(string? name, string field) =>
        TryParse(name, out var id) ? id : throw Violations.Single(field, "must be people/{person_id}/rapportProfile");
}
