using System.Diagnostics;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.Contracts;

/// <summary>The protos pass `buf lint` (installed by `npm ci` in contracts/, which ./test does).</summary>
public class BufLintTests
{
    [Fact]
    public async Task The_contracts_pass_buf_lint()
    {
        var contracts = Path.Combine(Apps.RepositoryRoot(), "contracts");
        var buf = Path.Combine(contracts, "node_modules", ".bin", "buf");
        Assert.True(File.Exists(buf), $"buf is not installed: run `npm ci` in {contracts} (./test does it).");

        var start = new ProcessStartInfo(buf, "lint")
        {
            WorkingDirectory = contracts, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, "buf lint found problems:\n" + output);
    }
}
