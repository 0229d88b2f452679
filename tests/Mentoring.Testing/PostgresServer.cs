using Npgsql;
using Testcontainers.PostgreSql;

namespace Mentoring.Testing;

/// <summary>
/// One real PostgreSQL server per test process, found in this order:
/// 1. <c>MENTORING_TEST_PG</c>: an administrator connection string from the environment;
/// 2. Testcontainers, when a Docker engine answers;
/// 3. a throw-away local cluster (<c>initdb</c>/<c>pg_ctl</c>, as the <c>postgres</c> OS user when
///    running as root) in a temporary folder, removed when the process exits.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "MENTORING_TEST_PG";

    private static readonly Lazy<Task<string>> Admin = new(StartAsync);

    /// <summary>Administrator connection string (superuser) of the server.</summary>
    public static Task<string> AdminConnectionStringAsync() => Admin.Value;

    /// <summary>How the server was obtained, for test output.</summary>
    public static string Origin { get; private set; } = "not started";

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            Origin = $"environment ({EnvironmentVariable})";
            return fromEnvironment;
        }
        if (await TryTestcontainersAsync() is { } fromDocker)
        {
            Origin = "Testcontainers";
            return fromDocker;
        }
        Origin = "local initdb cluster";
        return await LocalCluster.StartAsync();
    }

    private static async Task<string?> TryTestcontainersAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return container.GetConnectionString();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No Docker engine here (DockerUnavailableException or similar): fall back to a local cluster.
            return null;
        }
    }

    private static class LocalCluster
    {
        public static async Task<string> StartAsync()
        {
            var bin = FindBinaries();
            RemoveAbandoned();
            var root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
            var data = Path.Combine(root, "data");
            Directory.CreateDirectory(root);
            var asRoot = Environment.UserName == "root";
            if (asRoot) await RunAsync("chown", ["postgres", root]);
            var port = FreePort.Next();

            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"], asRoot);
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o",
                $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000 -c shared_buffers=64MB",
                "-l", Path.Combine(root, "server.log"), "-w", "start"], asRoot);

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception)
                {
                    // Best effort: the folder is in the temp directory.
                }
            };
            return new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres",
            }.ConnectionString;
        }

        private const string Prefix = "mentoring-test-pg-";

        /// <summary>
        /// Deletes the clusters of earlier test processes that were killed before their exit handler ran (the
        /// test host is often ended that way), so repeated runs do not fill the disk: a cluster whose server is
        /// gone (its postmaster.pid names no live process), or that never got one and is over an hour old.
        /// A cluster still in use by another test process has a live server and is left alone.
        /// </summary>
        private static void RemoveAbandoned()
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
            {
                try
                {
                    var pidFile = Path.Combine(dir, "data", "postmaster.pid");
                    var abandoned = File.Exists(pidFile)
                        ? !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || !IsAlive(pid)
                        : Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddHours(-1);
                    if (abandoned) Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: another process may be cleaning the same folder.
                }
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static string FindBinaries() => ThrowAwayCluster.FindBinaries() ?? throw new InvalidOperationException(
            $"No PostgreSQL found: set {EnvironmentVariable}, run a Docker engine, or install the PostgreSQL server (initdb, pg_ctl).");

        private static Task RunAsync(string file, string[] args, bool asPostgres = false) => ThrowAwayCluster.RunAsync(file, args, asPostgres);
    }
}
