using System.Diagnostics;
using System.Runtime.InteropServices;
using Grpc.Net.Client;
using Mentoring.Testing;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// A service as an OS process of its own (<c>dotnet Mentoring.X.dll</c> from the test's output
/// folder), for the tests that kill it (SIGKILL: nothing of the process runs) or stop it (SIGTERM:
/// its graceful shutdown). Settings are passed as environment variables; the working folder is an
/// empty temporary one, its content root, so no other service's appsettings.json applies.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;
    private readonly ITestOutputHelper output;

    private ServiceProcess(string name, Process process, string folder, int grpcPort, int httpPort, ITestOutputHelper output)
    {
        Name = name;
        this.process = process;
        this.folder = folder;
        this.output = output;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public string Name { get; }
    public Uri GrpcAddress { get; }
    public Uri HttpAddress { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>Starts <paramref name="service"/> on the test database, on free ports, and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(
        string service, TestDatabase db, ITestOutputHelper output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(RunningService.TestDefaults);
        foreach (var (k, v) in await TestIdentity.ResourceServerSettingsAsync()) all[k] = v;
        all["ConnectionStrings:Service"] = db.ServiceConnectionString(service);
        var (grpcPort, httpPort) = (FreePort.Next(), FreePort.Next());
        all["Service:GrpcPort"] = grpcPort.ToString();
        all["Service:HttpPort"] = httpPort.ToString();
        all["Logging:LogLevel:Default"] = "Error";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;

        var dll = Path.Combine(AppContext.BaseDirectory, $"Mentoring.{char.ToUpperInvariant(service[0])}{service[1..]}.dll");
        var folder = Directory.CreateTempSubdirectory($"mentoring-{service}-process-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--contentRoot", folder, "--environment", "Development"])
        {
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in all) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        var running = new ServiceProcess(service, process, folder, grpcPort, httpPort, output);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) running.Log(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) running.Log(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output.WriteLine($"{service} started as process {process.Id} on database {db.Name}");
        await running.WaitUntilReadyAsync();
        return running;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = CreateHttpClient();
        await Eventually.True($"{Name} (process {Id}) answers /healthz/ready", async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready");
            try { return (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60));
    }

    public GrpcChannel CreateChannel(string? accessToken = null) => TestChannels.For(GrpcAddress, accessToken);

    public HttpClient CreateHttpClient() => new() { BaseAddress = HttpAddress };

    /// <summary>SIGKILL: the process ends at once; nothing of it runs, nothing is rolled back by it.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a container runtime sends it: the service's graceful shutdown begins.</summary>
    public void Terminate()
    {
        if (SendSignal(process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Whether it exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var within = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(within.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void Log(string line)
    {
        try { output.WriteLine($"[{Name} {Id}] {line}"); }
        catch (InvalidOperationException) { } // after the test ended
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
