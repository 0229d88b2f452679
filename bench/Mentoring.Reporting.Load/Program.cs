using System.Diagnostics;
using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Identity.Startup;
using Mentoring.Reporting;
using Mentoring.Reporting.Load;
using Mentoring.Reporting.Periods;
using Mentoring.Reporting.Sections;
using Mentoring.Testing;
using Npgsql;

// Load driver for the reporting job. Usage (from the repository root):
//   dotnet run -c Release --project bench/Mentoring.Reporting.Load [-- options]
int relationships = 100_000, runs = 3;
var periodText = "quarter:2026-Q2";
var verbose = false;
var hold = false;
string? serverLog = null;
string? plansFile = Path.Combine(Repository.Root(), "bench", "reporting-plans.md");
for (var k = 0; k < args.Length; k++)
{
    bool Int(out int value) { value = 0; return k + 1 < args.Length && int.TryParse(args[++k], out value) && value > 0; }
    switch (args[k])
    {
        case "--relationships" when Int(out var v): relationships = v; break;
        case "--runs" when Int(out var v): runs = v; break;
        case "--period" when k + 1 < args.Length: periodText = args[++k]; break;
        case "--plans" when k + 1 < args.Length: plansFile = args[++k] == "-" ? null : args[k]; break;
        case "--verbose": verbose = true; break;
        case "--hold": hold = true; break;
        case "--server-log" when k + 1 < args.Length: serverLog = args[++k]; break;
        default:
            Console.WriteLine(
                """
                usage: Mentoring.Reporting.Load [options]
                  --relationships N  size of the organisation (default 100000: 2,000,000 meetings, 500,000 survey answers);
                                     a multiple of 80
                  --runs N           timed runs of the job over every programme (default 3), after one cold run
                  --period P         the report period (default quarter:2026-Q2), as ./platform report --period
                  --plans FILE       where the plans of the services' report queries go (default bench/reporting-plans.md; - for none)
                  --verbose          print the job's own progress log of each run
                  --hold             at the end, keep the cluster and the platform up until Enter (to explain queries by hand)
                  --server-log FILE  keep a copy of PostgreSQL's log
                """);
            return args[k] is "-h" or "--help" ? 0 : 2;
    }
}
var period = ReportPeriod.Parse(periodText, out var periodError) ?? throw new ArgumentException($"--period {periodError}");
var size = new Organisation.Size(relationships);
Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average at start: {LoadAverage()}");

// Its own cluster: auto_explain is loaded in every session (silent until the plans are asked for: its
// settings are left out of the command line, which would override ALTER SYSTEM), and the log names the
// service's role on each line.
await using var cluster = await ThrowAwayCluster.StartAsync(
    "session_preload_libraries=auto_explain", "log_line_prefix=%u:", "shared_buffers=1GB");
var migrated = new DatabaseTemplate("report-bench", db =>
{
    foreach (var service in new[] { "matching", "scheduling", "feedback", "profile" })
        DatabaseMigrator.ApplyService(db.ServiceConnectionString(service), service, ServiceAssembly(service));
    IdentityInitializer.Migrate(db.ServiceConnectionString("identity"));
    return Task.CompletedTask;
});
var db = await migrated.CreateDatabaseOnAsync(cluster.AdminConnectionString);

Console.WriteLine($"== An organisation of {size.Relationships:N0} relationships in {Organisation.Programmes} programmes, {size.Meetings:N0} meetings, " +
                  $"{size.SurveyAnswers:N0} survey answers, {size.Relationships + size.Mentors + size.Others:N0} people");
var seeding = Stopwatch.StartNew();
await Organisation.WriteAsync(db.AdminConnectionString, size, Console.Out);
Console.WriteLine($"  written in {seeding.Elapsed.TotalSeconds:F0} s");

await using var platform = await Platform.StartAsync(db);
var options = new ReportJobOptions
{
    Programmes = [], Period = period, OutputFolder = Directory.CreateTempSubdirectory("report-bench-").FullName,
    ConnectionString = db.ServiceConnectionString("reporting"), Authority = platform.Identity.HttpAddress,
    ClientId = Platform.ReportingClient, ClientSecret = Platform.ReportingSecret,
    Services = SectionSource.All.ToDictionary(s => s.Id, _ => platform.Gateway.GrpcAddress),
};

Console.WriteLine($"== The job over every programme, period {period.Key} (moved by a day per run), through the gateway: one cold run, then {runs} timed");
Console.WriteLine("| run | programmes | seconds | per programme ms |");
Console.WriteLine("|---|---|---|---|");
var seconds = new List<double>();
for (var run = 0; run <= runs; run++)
{
    await ForgetReportsAsync(db);
    var log = new StringWriter();
    var clock = Stopwatch.StartNew();
    var code = await ReportJob.RunAsync(options with { Period = Shifted(period, run) }, log, CancellationToken.None);
    clock.Stop();
    if (code != 0) { Console.WriteLine(log); Console.WriteLine($"the job failed with {code}"); return 1; }
    if (verbose) Console.Write(log);
    if (run > 0) seconds.Add(clock.Elapsed.TotalSeconds);
    Console.WriteLine($"| {(run == 0 ? "cold" : run)} | {Organisation.Programmes} | {clock.Elapsed.TotalSeconds:F2} | {clock.Elapsed.TotalMilliseconds / Organisation.Programmes:F0} |");
}
seconds.Sort();
Console.WriteLine($"best {seconds[0]:F2} s, median {seconds[seconds.Count / 2]:F2} s, worst {seconds[^1]:F2} s (goal: 10 s)");

if (plansFile is not null)
{
    // One programme's report again, with every statement's plan (EXPLAIN ANALYZE, BUFFERS) logged.
    await ForgetReportsAsync(db);
    await SetAsync(db, "ALTER SYSTEM SET auto_explain.log_min_duration = 0", "ALTER SYSTEM SET auto_explain.log_analyze = on",
        "ALTER SYSTEM SET auto_explain.log_buffers = on", "ALTER SYSTEM SET auto_explain.log_timing = on");
    var offset = new FileInfo(cluster.LogPath).Length;
    var one = options with { Programmes = [$"programmes/{await FirstProgrammeAsync(db)}"], Period = Shifted(period, runs + 1) };
    var code = await ReportJob.RunAsync(one, TextWriter.Null, CancellationToken.None);
    await SetAsync(db, "ALTER SYSTEM RESET auto_explain.log_min_duration", "ALTER SYSTEM RESET auto_explain.log_analyze",
        "ALTER SYSTEM RESET auto_explain.log_buffers", "ALTER SYSTEM RESET auto_explain.log_timing");
    if (code != 0) { Console.WriteLine($"the job failed with {code} while plans were logged"); return 1; }
    var plans = PlanCapture.Read(cluster.LogPath, offset);
    await File.WriteAllTextAsync(plansFile, PlansMarkdown.Render(plans, size, period.Key));
    Console.WriteLine($"== Plans of the report queries of one programme ({plans.Count} statements), written to {plansFile}");
    Console.Write(PlansMarkdown.Summary(plans));
}
if (serverLog is not null) File.Copy(cluster.LogPath, serverLog, overwrite: true);
Console.WriteLine($"load average at end: {LoadAverage()}");
if (hold)
{
    var at = new NpgsqlConnectionStringBuilder(db.AdminConnectionString);
    Console.WriteLine($"== Holding (Enter ends): psql -h {at.Host} -p {at.Port} -U {at.Username} -d {at.Database}");
    Console.ReadLine();
}
return 0;

// Each run asks for the period moved by one more day: the services keep organisation-wide figures of a
// period for two minutes, and a run must pay for them as a scheduled job does, not find them ready.
static ReportPeriod Shifted(ReportPeriod period, int days) => days == 0 ? period
    : new ReportPeriod(period.Start.AddDays(days), period.End.AddDays(days), $"{period.Key}+{days}d");

static async Task ForgetReportsAsync(TestDatabase db)
{
    await using var c = new NpgsqlConnection(db.AdminConnectionString);
    await c.ExecuteAsync("DO $$ BEGIN IF to_regclass('reporting.report_run') IS NOT NULL THEN DELETE FROM reporting.report_file; DELETE FROM reporting.report_run; END IF; END $$");
}

static async Task SetAsync(TestDatabase db, params string[] statements)
{
    await using var c = new NpgsqlConnection(db.AdminConnectionString);
    foreach (var statement in statements) await c.ExecuteAsync(statement);
    await c.ExecuteAsync("SELECT pg_reload_conf()");
    await Task.Delay(500); // every backend rereads its configuration on the reload signal
}

static async Task<Guid> FirstProgrammeAsync(TestDatabase db)
{
    await using var c = new NpgsqlConnection(db.AdminConnectionString);
    return await c.ExecuteScalarAsync<Guid>("SELECT id FROM matching.programme ORDER BY display_name LIMIT 1");
}

static System.Reflection.Assembly ServiceAssembly(string service) => service switch
{
    "matching" => typeof(Mentoring.Matching.MatchingApp).Assembly,
    "scheduling" => typeof(Mentoring.Scheduling.SchedulingApp).Assembly,
    "feedback" => typeof(Mentoring.Feedback.FeedbackApp).Assembly,
    _ => typeof(Mentoring.Profile.ProfileApp).Assembly,
};

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
