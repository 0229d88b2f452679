namespace Mentoring.BuildingBlocks.Resources;

/// <summary>AIP-122 resource names of the form <c>{collection}/{id}</c> with opaque (UUID) ids.</summary>
public static class ResourceName
{
    public static string Format(string collection, Guid id) => $"{collection}/{id}";

    public static bool TryParse(string collection, string? name, out Guid id)
    {
        id = Guid.Empty;
        return name is not null
            && name.Length == collection.Length + 1 + 36
            && name.StartsWith(collection + "/", StringComparison.Ordinal)
            && Guid.TryParseExact(name.AsSpan(collection.Length + 1), "D", out id);
    }
}
