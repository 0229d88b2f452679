using System.Diagnostics;
using Npgsql;

namespace Mentoring.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own (<c>initdb</c>/<c>pg_ctl</c>, as the <c>postgres</c> OS
/// user when running as root), for tests that must stop or restart the server without disturbing
/// the shared test server. Removed on dispose.
/// </summary>
public sealed class ThrowAwayCluster : IAsyncDisposable
{
    private readonly string bin, root, data;
    private readonly bool asRoot;
    private readonly int port;
    private readonly string[] settings;

    private ThrowAwayCluster(string bin, string root, int port, string[] settings)
    {
        (this.bin, this.root, this.port, this.settings) = (bin, root, port, settings);
        data = Path.Combine(root, "data");
        asRoot = Environment.UserName == "root";
    }

    /// <summary>Superuser connection string of the cluster.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres",
    }.ConnectionString;

    /// <summary>The folder of initdb and pg_ctl, or null when the PostgreSQL server is not installed.</summary>
    public static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (onPath is not null) return onPath;
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
    }

    /// <summary>The server's log (its standard error), e.g. for plans logged by <c>auto_explain</c>.</summary>
    public string LogPath => Path.Combine(root, "server.log");

    /// <param name="settings">Extra server settings, <c>name=value</c> each (e.g. <c>shared_buffers=256MB</c>).</param>
    public static async Task<ThrowAwayCluster> StartAsync(params string[] settings)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("The PostgreSQL server (initdb, pg_ctl) is not installed.");
        var root = Path.Combine(Path.GetTempPath(), "mentoring-own-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var cluster = new ThrowAwayCluster(bin, root, FreePort.Next(), settings);
        if (cluster.asRoot) await RunAsync("chown", ["postgres", root], asPostgres: false);
        await cluster.PgAsync("initdb", ["-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Stops the server (fast: open sessions are terminated, as an operator's restart does) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended, as in a restart); <see cref="StartAgainAsync"/> brings it back.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    private Task StartServerAsync() => PgAsync("pg_ctl", ["-D", data, "-o",
        $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300"
            + string.Concat(settings.Select(s => $" -c {s}")),
        "-l", LogPath, "-w", "start"]);

    private Task PgAsync(string tool, string[] args) => RunAsync(Path.Combine(bin, tool), args, asRoot);

    /// <summary>Runs a PostgreSQL tool (as the <c>postgres</c> OS user when asked); fails with its output.</summary>
    internal static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgAsync("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { /* best effort: it is in the temp folder */ }
    }
}
