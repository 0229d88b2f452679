using System.Text.RegularExpressions;

namespace Mentoring.UnitTests.Docs;

/// <summary>
/// What the code and the docs cite is in the repository: no file names a document kept elsewhere,
/// every <c>docs/…</c> page cited exists, and every section of the domain page cited by number
/// has a heading <c>## N.</c> there.
/// </summary>
public class DocsReferencesTests
{
    private static readonly string[] SkippedFolders =
        ["bin", "obj", "node_modules", ".git", ".platform", "TestResults", "BenchmarkDotNet.Artifacts"];

    private static readonly HashSet<string> ScannedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".proto", ".sql", ".json", ".yaml", ".yml", ".md", ".props", ".targets", ".csproj", ".sln",
        ".sh", ".txt", ".editorconfig", ".gitignore",
        "", // scripts such as ./platform, ./test and .ci/run
    };

    // Documents that lived outside the repository. Spelled in pieces so that this file does not cite them.
    private static readonly Regex OutsideDocument = new(
        "DOM" + @"AIN\b|" + "ARCHI" + "TECTURE|" + "STACK" + "-NOTES|" + @"\.\./" + "shared");

    // A docs page by its path from the repository root; also inside "../docs/…" links, not inside
    // other folders' paths ("foo/docs/…") or URLs (removed first).
    private static readonly Regex DocsPage = new(@"(?<![\w-])(?<![\w-]/)docs/[\w/.-]+\.md");

    private static readonly Regex DomainSection = new(@"docs/domain\.md\s*§\s*(\d+)");

    private static readonly Regex Url = new(@"\b[a-z][a-z0-9+.-]*://\S+", RegexOptions.IgnoreCase);

    private static readonly Regex SectionHeading = new(@"^## (\d+)\.", RegexOptions.Multiline);

    private static readonly Lazy<string> Root = new(FindRoot);

    private static readonly Lazy<IReadOnlyList<(string File, int Line, string Text)>> Lines = new(ReadLines);

    [Fact]
    public void The_scan_covers_the_source_and_the_docs()
    {
        var files = Lines.Value.Select(l => l.File).Distinct().ToList();
        Assert.Contains("docs/domain.md", files);
        Assert.Contains("README.md", files);
        Assert.Contains(files, f => f.EndsWith(".cs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".proto", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".sql", StringComparison.Ordinal));
        Assert.Contains("platform", files);
    }

    [Fact]
    public void No_file_cites_a_document_kept_outside_the_repository()
    {
        var offences = Lines.Value.Where(l => OutsideDocument.IsMatch(l.Text)).Select(Describe).ToList();
        Assert.True(offences.Count == 0,
            "Cite the docs in docs/ instead (domain.md, architecture.md, development.md):\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Every_cited_docs_page_exists()
    {
        var missing = (
            from line in Lines.Value
            from Match page in DocsPage.Matches(Url.Replace(line.Text, ""))
            where !File.Exists(Path.Combine(Root.Value, page.Value))
            select $"{Describe(line)}  ->  {page.Value}").ToList();
        Assert.True(missing.Count == 0, "Cited docs pages that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_cited_domain_section_exists()
    {
        var domain = File.ReadAllText(Path.Combine(Root.Value, "docs", "domain.md"));
        var sections = SectionHeading.Matches(domain).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(new[] { "1", "2", "3", "4", "5", "6" }, sections.Order().ToArray());

        var missing = (
            from line in Lines.Value
            from Match cite in DomainSection.Matches(line.Text)
            where !sections.Contains(cite.Groups[1].Value)
            select $"{Describe(line)}  ->  §{cite.Groups[1].Value}").ToList();
        Assert.True(missing.Count == 0, "Cited sections missing from the domain page:\n" + string.Join("\n", missing));
    }

    private static string Describe((string File, int Line, string Text) line) => $"{line.File}:{line.Line}: {line.Text.Trim()}";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "platform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("platform.sln not found above the test output folder");
    }

    private static IReadOnlyList<(string File, int Line, string Text)> ReadLines()
    {
        var lines = new List<(string, int, string)>();
        foreach (var path in Files(new DirectoryInfo(Root.Value)))
        {
            var text = File.ReadAllText(path);
            if (text.Contains('\0')) continue; // binary
            var relative = Path.GetRelativePath(Root.Value, path).Replace('\\', '/');
            var number = 0;
            foreach (var line in text.Split('\n')) lines.Add((relative, ++number, line));
        }
        return lines;
    }

    private static IEnumerable<string> Files(DirectoryInfo dir)
    {
        foreach (var file in dir.EnumerateFiles())
            if (ScannedExtensions.Contains(file.Extension) && file.Length < 4 * 1024 * 1024) yield return file.FullName;
        foreach (var sub in dir.EnumerateDirectories())
            if (!SkippedFolders.Contains(sub.Name, StringComparer.OrdinalIgnoreCase))
                foreach (var file in Files(sub)) yield return file;
    }
}
