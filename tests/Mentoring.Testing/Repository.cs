namespace Mentoring.Testing;

/// <summary>The checkout the tests and benchmarks run from.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>platform.sln</c>, above the running program's output folder.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "platform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("platform.sln not found above the output folder");
    }
}
