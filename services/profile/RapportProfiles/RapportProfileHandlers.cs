using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Relationships;
using Npgsql;

namespace Mentoring.Profile.RapportProfiles;

/// <summary>
/// Reads and partial updates of a person's rapport profile, and its shares with relationships
/// (docs/domain.md §1). Parts are stored as one JSON object keyed by field name. Who may call is the
/// policy table's business: the person, and for reads the fellow participants of a live
/// relationship the person shared it with (<see cref="RapportProfileReaders"/>).
/// </summary>
public sealed class RapportProfileHandlers(TenantDatabase db)
{
    public const string Suffix = "/rapportProfile";
    public const int MaxPartLength = 2000;

    /// <summary>The text parts, i.e. every single string field but name and etag.</summary>
    public static readonly IReadOnlyList<string> Parts = RapportProfile.Descriptor.Fields.InFieldNumberOrder()
        .Where(f => f.FieldType == Google.Protobuf.Reflection.FieldType.String && !f.IsRepeated && f.Name is not ("name" or "etag"))
        .Select(f => f.Name).ToList();

    private sealed record Row(string Parts, int Version, DateTime UpdatedAt);

    /// <summary>The person the profile belongs to, <c>people/{id}</c> (for the self check).</summary>
    public static string PersonOf(string? name) => (name ?? "").EndsWith(Suffix, StringComparison.Ordinal) ? name![..^Suffix.Length] : "";

    /// <summary>
    /// The profile as <paramref name="caller"/> sees it: the owner with every share, a fellow participant
    /// with only the relationships through which it is shared with them.
    /// </summary>
    public async Task<RapportProfile> GetAsync(GetRapportProfileRequest request, Caller caller, CancellationToken ct)
    {
        var personId = Parse(request.Name, "name");
        Guid? reader = ResourceName.TryParse("people", caller.Person, out var callerId) && callerId != personId ? callerId : null;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await EnsurePersonAsync(c, tx, tenantId, personId, request.Name, token);
            var sharedWith = await SharedWithAsync(c, tx, tenantId, personId, reader, token);
            // The policy let the reader in through a share; one withdrawn since then no longer does.
            if (reader is not null && sharedWith.Count == 0)
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: the rapport profile is not shared with you."));
            return ToProto(request.Name, await ReadAsync(c, tx, tenantId, personId, token, forUpdate: false), sharedWith);
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
            if (profile.Etag.Length > 0 && profile.Etag != ToProto(profile.Name, current, []).Etag)
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
            return await OwnViewAsync(c, tx, tenantId, personId, token);
        }, ct);
    }

    /// <summary>
    /// Shares the profile with a relationship the owner takes part in (the policy: the owner only).
    /// Idempotent. A relationship the owner is not in is NOT_FOUND, whether or not it exists; one
    /// not live (proposed, closed) is FAILED_PRECONDITION.
    /// </summary>
    public async Task<RapportProfile> ShareAsync(ShareRapportProfileRequest request, CancellationToken ct)
    {
        var (personId, relationshipId) = ParseShare(request.Name, request.Relationship);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await EnsurePersonAsync(c, tx, tenantId, personId, request.Name, token);
            var state = await c.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
                """
                SELECT r.state FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.person_id = @personId
                WHERE r.tenant_id = @tenantId AND r.id = @relationshipId
                FOR SHARE OF r
                """, new { tenantId, personId, relationshipId }, tx, cancellationToken: token));
            if (state is null)
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Relationship} not found among your relationships."));
            if (!RelationshipRow.Live.Contains(state.Value))
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"{request.Relationship} is not under way (accepted to closing): a rapport profile is shared only with a live relationship."));
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rapport_share (tenant_id, person_id, relationship_id) VALUES (@tenantId, @personId, @relationshipId) ON CONFLICT DO NOTHING",
                new { tenantId, personId, relationshipId }, tx, cancellationToken: token));
            return await OwnViewAsync(c, tx, tenantId, personId, token);
        }, ct);
    }

    /// <summary>Withdraws the share with a relationship (the policy: the owner only). Idempotent.</summary>
    public async Task<RapportProfile> UnshareAsync(UnshareRapportProfileRequest request, CancellationToken ct)
    {
        var (personId, relationshipId) = ParseShare(request.Name, request.Relationship);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await EnsurePersonAsync(c, tx, tenantId, personId, request.Name, token);
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM rapport_share WHERE tenant_id = @tenantId AND person_id = @personId AND relationship_id = @relationshipId",
                new { tenantId, personId, relationshipId }, tx, cancellationToken: token));
            return await OwnViewAsync(c, tx, tenantId, personId, token);
        }, ct);
    }

    /// <summary>The stored profile inside the caller's transaction (for the person's own export).</summary>
    public static Task<RapportProfile> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct) =>
        OwnViewAsync(c, tx, tenantId, personId, ct);

    /// <summary>
    /// The relationships the owner's profile is shared with and gives access through: live, the owner
    /// still taking part and, given a <paramref name="reader"/>, the reader taking part too. Empty for a
    /// reader means the reader may not read it.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> SharedWithAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid ownerId, Guid? reader, CancellationToken ct) =>
        (await c.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT s.relationship_id FROM rapport_share s
            JOIN relationship r ON r.tenant_id = s.tenant_id AND r.id = s.relationship_id
            JOIN relationship_participant o ON o.tenant_id = s.tenant_id AND o.relationship_id = s.relationship_id AND o.person_id = s.person_id
            WHERE s.tenant_id = @tenantId AND s.person_id = @ownerId AND r.state = ANY(@live)
              AND (@everyone OR EXISTS (SELECT 1 FROM relationship_participant p
                                        WHERE p.tenant_id = s.tenant_id AND p.relationship_id = s.relationship_id AND p.person_id = @readerId))
            ORDER BY s.shared_at, s.relationship_id
            """, new { tenantId, ownerId, live = RelationshipRow.Live, everyone = reader is null, readerId = reader ?? Guid.Empty }, tx, cancellationToken: ct))).ToList();

    private static async Task<RapportProfile> OwnViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct)
    {
        var name = ResourceName.Format("people", personId) + Suffix;
        return ToProto(name, await ReadAsync(c, tx, tenantId, personId, ct, forUpdate: false),
            await SharedWithAsync(c, tx, tenantId, personId, reader: null, ct));
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

    private static RapportProfile ToProto(string name, Row? row, IEnumerable<Guid> sharedWith)
    {
        var profile = new RapportProfile { Name = name, Etag = $"\"{row?.Version ?? 0}\"" };
        profile.SharedWith.AddRange(sharedWith.Select(r => ResourceName.Format(RelationshipRow.Collection, r)));
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

    private static (Guid Person, Guid Relationship) ParseShare(string? name, string? relationship)
    {
        var v = new Violations();
        if (!TryParse(name, out var personId)) v.Add("name", "must be people/{person_id}/rapportProfile");
        if (string.IsNullOrEmpty(relationship)) v.Add("relationship", "is required");
        else if (!ResourceName.TryParse(RelationshipRow.Collection, relationship, out _)) v.Add("relationship", "must be relationships/{relationship_id}");
        v.ThrowIfAny();
        ResourceName.TryParse(RelationshipRow.Collection, relationship, out var relationshipId);
        return (personId, relationshipId);
    }
}
