namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// The service's own login role; its search_path is its schema. Read from
    /// <c>ConnectionStrings:Service</c> when this is empty.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Retries of a transient database failure before giving up.</summary>
    public int TransientRetries { get; set; } = 8;
}
