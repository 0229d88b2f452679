namespace Mentoring.Feedback.Relationships;

/// <summary>AIP-122 names of a resource nested under another: <c>{parents}/{parent_id}/{children}/{child_id}</c>.</summary>
public static class NestedName
{
    /// <summary>The parent's UUID and the child's id as written (a UUID or, for fit checks, a number).</summary>
    public static bool TryParse(string? name, string parents, string children, out Guid parentId, out string childId)
    {
        var parts = (name ?? "").Split('/');
        (parentId, childId) = (Guid.Empty, "");
        if (parts.Length != 4 || parts[0] != parents || parts[2] != children || !Guid.TryParseExact(parts[1], "D", out parentId)) return false;
        childId = parts[3];
        return true;
    }

    /// <summary>Both ids UUIDs.</summary>
    public static bool TryParse(string? name, string parents, string children, out Guid parentId, out Guid childId)
    {
        childId = Guid.Empty;
        return TryParse(name, parents, children, out parentId, out string child) && Guid.TryParseExact(child, "D", out childId);
    }
}
