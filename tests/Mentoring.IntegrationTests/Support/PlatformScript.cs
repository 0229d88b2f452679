using System.Diagnostics;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Runs the repository's <c>./platform</c> script as a user does, with bash.</summary>
public static class PlatformScript
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        BashAsync([Path.Combine(Apps.RepositoryRoot(), "platform"), .. arguments], environment, TimeSpan.FromSeconds(60),
            "./platform " + string.Join(' ', arguments));

    /// <summary>Runs a bash script file in the repository root (as a user pasting commands there would).</summary>
    public static Task<Result> RunScriptAsync(string scriptFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        BashAsync([scriptFile], environment, timeout, scriptFile);

    private static async Task<Result> BashAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string what)
    {
        var root = Apps.RepositoryRoot();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in {limit.TotalSeconds} s: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
