using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.OrgUnits;

/// <summary>A row of <c>org_unit</c> (with its direct member count) and its mapping to the contract.</summary>
public sealed class OrgUnitRecord
{
    public const string Collection = "orgUnits";

    public const string SelectColumns =
        "u.id, u.display_name AS DisplayName, u.parent_id AS ParentId, u.version, " +
        "(SELECT count(*) FROM person p WHERE p.tenant_id = u.tenant_id AND p.org_unit_id = u.id)::int AS MemberCount";

    public Guid Id { get; init; }
    public string DisplayName { get; init; } = "";
    public Guid? ParentId { get; init; }
    public int Version { get; init; }
    public int MemberCount { get; init; }

    public OrgUnit ToProto() => new()
    {
        Name = ResourceName.Format(Collection, Id),
        DisplayName = DisplayName,
        Parent = ParentId is { } parent ? ResourceName.Format(Collection, parent) : "",
        MemberCount = MemberCount,
        Etag = $"\"{Version}\"",
    };

    /// <summary>Parses an optional unit reference: empty is none; anything else must be orgUnits/{id}.</summary>
    public static bool TryParseOptional(string name, out Guid? id)
    {
        id = null;
        if (name.Length == 0) return true;
        if (!ResourceName.TryParse(Collection, name, out var parsed)) return false;
        id = parsed;
        return true;
    }
}
