using System.Text.RegularExpressions;
using Mentoring.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// The README as a contract: every bash block of "Calling the platform" (up to the doc-test end
/// marker) runs in order, as one script, against the development platform — the README's
/// addresses replaced by the test gateway's, every <c>curl</c> failing on an HTTP error
/// (<c>--fail-with-body</c>), <c>grpcurl</c> the real one when installed, else the grpc-js stand-in
/// contracts/tools/grpcurl.mjs taking the same arguments. Then the answers are checked: a person
/// read back, candidates listed, a run that proposes the mentor, a published relationship.
/// </summary>
[Collection(FrontDoorPlatform.Collection)]
public sealed partial class ReadmeExamplesTests(FrontDoorPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task The_readme_examples_run_as_written_and_match_a_mentee_with_the_mentor()
    {
        var root = Apps.RepositoryRoot();
        var blocks = Blocks(await File.ReadAllTextAsync(Path.Combine(root, "README.md")));
        Assert.True(blocks.Count >= 4, $"expected the README's example blocks, found {blocks.Count}");
        Assert.Contains(blocks, b => b.Contains("grpcurl", StringComparison.Ordinal));

        var gateway = platform.Gateway;
        var script = string.Join("\n", blocks)
            .Replace("http://127.0.0.1:8080", gateway.HttpAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace("127.0.0.1:8081", $"{gateway.GrpcAddress.Host}:{gateway.GrpcAddress.Port}", StringComparison.Ordinal);
        var bin = Directory.CreateTempSubdirectory("readme-bin-");
        var file = Path.Combine(bin.FullName, "readme.sh");
        try
        {
            if (!OnPath("grpcurl"))
            {
                var standIn = Path.Combine(bin.FullName, "grpcurl");
                await File.WriteAllTextAsync(standIn, $"#!/usr/bin/env bash\nexec node '{Path.Combine(root, "contracts", "tools", "grpcurl.mjs")}' \"$@\"\n");
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(standIn, File.GetUnixFileMode(standIn) | UnixFileMode.UserExecute);
            }
            await File.WriteAllTextAsync(file,
                "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n" + script + "\n");
            var result = await PlatformScript.RunScriptAsync(file, new Dictionary<string, string>
            {
                ["PATH"] = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["PLATFORM_GATEWAY"] = gateway.HttpAddress.ToString(),
            }, TimeSpan.FromMinutes(2));
            output.WriteLine(result.Stdout);
            output.WriteLine(result.Stderr);

            Assert.True(result.ExitCode == 0, $"the README's examples failed (exit {result.ExitCode}):\n{result.Stderr}\n{result.Stdout}");
            Assert.Contains("\"displayName\": \"Ada Lovelace\"", result.Stdout);          // GetPerson over REST and gRPC
            Assert.Contains("\"proposals\"", result.Stderr);                             // the run, shown by tee
            Assert.Matches(RelationshipName(), result.Stdout);                           // published: a relationship
            Assert.DoesNotContain("no capacity", result.Stderr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    /// <summary>The bash blocks from "## Calling the platform" to the doc-test end marker.</summary>
    private static List<string> Blocks(string readme)
    {
        var start = readme.IndexOf("## Calling the platform", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- doc-test end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the README has no 'Calling the platform' section ending in the doc-test marker");
        return BashBlock().Matches(readme[start..end]).Select(m => m.Groups["code"].Value).ToList();
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"""relationships/[0-9a-f-]{36}""")]
    private static partial Regex RelationshipName();
}
