using System.Text.Json;
using Dapper;
using Mentoring.IntegrationTests.Support;
using Mentoring.Reporting;
using Mentoring.Reporting.Periods;
using Mentoring.Reporting.Sections;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Reporting;

/// <summary>
/// The reporting job against the real services over gRPC with its own client-credentials token
/// (reporting.read only): the report's figures, k-anonymity enforced by the services, idempotent
/// re-runs stored once, a clean restart after an interrupted run, and "no data yet".
/// </summary>
public sealed class ReportJobTests() : ServicesUnderTest("matching", "scheduling", "feedback", "profile"), IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("reports-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    private async Task<ReportJobOptions> OptionsAsync(string[] programmes, Uri? scheduling = null)
    {
        var identity = await TestIdentity.ServerAsync();
        var tenant = await TestIdentity.TenantAsync(TestIdentity.Acme);
        return new ReportJobOptions
        {
            Programmes = programmes, Period = ReportPeriod.Parse(ReportingWorld.Period, out _)!, OutputFolder = output,
            ConnectionString = Db.ServiceConnectionString("reporting"), Authority = identity.ClientAddress,
            ClientId = tenant.ReportingClientId, ClientSecret = tenant.ReportingSecret,
            Services = SectionSource.All.ToDictionary(s => s.Id, s => s.Id == "scheduling" && scheduling is not null ? scheduling : Service(s.Id).GrpcAddress),
        };
    }

    private async Task<(int Code, string Log)> RunAsync(ReportJobOptions options)
    {
        var log = new StringWriter();
        var code = await ReportJob.RunAsync(options, log, CancellationToken.None);
        return (code, log.ToString());
    }

    private string Folder(string programme) => Path.Combine(output, "acme", programme["programmes/".Length..], "2026-10");

    /// <summary>label → the first value column as the CSV shows it.</summary>
    private Dictionary<string, string> Csv(string programme, string file) => CsvRows(programme, file).ToDictionary(r => r.Key, r => r.Value[0]);

    /// <summary>label → every value column as the CSV shows it.</summary>
    private Dictionary<string, string[]> CsvRows(string programme, string file) =>
        File.ReadAllLines(Path.Combine(Folder(programme), file)).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1..]);

    private async Task<long> RunsAsync(bool done)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM reporting.report_run WHERE done = @done", new { done });
    }

    [Fact]
    public async Task A_months_report_holds_every_services_figures_with_charts_and_a_rerun_is_the_same_report_stored_once()
    {
        var world = new ReportingWorld(Db);
        var programme = await world.ProgrammeAsync(pairs: 8, closed: 2, left: 5);
        await world.OthersAsync(people: 6);
        var (code, log) = await RunAsync(await OptionsAsync([programme]));
        Assert.True(code == 0, log);
        Assert.Contains("section 4/4", log);

        var matching = Csv(programme, "matching-matches.csv");
        Assert.Equal(("8", "8", "100", "8", "4"), (matching["Mentees enrolled"], matching["Mentees matched"], matching["Match rate (%)"],
            matching["Relationships started in the period"], matching["Median days to a first match"]));
        var phases = Csv(programme, "matching-phases.csv");
        Assert.Equal(("6", "suppressed"), (phases["Active"], phases["Closed"])); // two closed pairs are four people: withheld
        Assert.Equal(("6", "37.5"), (Csv(programme, "matching-capacity.csv")["Places in use now"], Csv(programme, "matching-capacity.csv")["Capacity used (%)"]));
        var meetings = Csv(programme, "scheduling-meetings.csv");
        Assert.Equal(("6", "6", "0"), (meetings["Planned"], meetings["Held"], meetings["Missed"]));
        Assert.Equal("91.67", Csv(programme, "scheduling-attendance.csv")["Attendance (%)"]);
        Assert.Equal(("8", "0"), (Csv(programme, "feedback-pulse.csv")["4 of 5"], Csv(programme, "feedback-pulse.csv")["1 of 5"]));

        Assert.Equal(["0", "0", "0", "50", "0"], CsvRows(programme, "feedback-outcomes-by-model.csv")["One to one"]);

        // Profile: mentees, mentors, the rest of the organisation.
        var growth = CsvRows(programme, "profile-competency-growth.csv");
        Assert.Equal(["8", "0", "0"], growth["Gaps closed in the period"]);
        Assert.Equal(["0", "0", "6"], growth["Gaps open at the end of the period"]);
        Assert.Equal(["2", "0", "1"], growth["Mean levels gained per reassessed competency"]);
        var retention = CsvRows(programme, "profile-retention.csv");
        Assert.Equal(["8", "8", "6"], retention["In the organisation at the start"]);
        Assert.Equal(["5", "0", "0"], retention["Left during the period"]);
        Assert.Equal(["37.5", "100", "100"], retention["Stayed (%)"]);
        var funnel = CsvRows(programme, "profile-credential-funnel.csv");
        Assert.Equal(["8", "0"], funnel["Selection"]);
        Assert.Equal(["8", "8"], funnel["Initial credential"]);
        Assert.Equal(["8", "8"], funnel["Credentialed"]);

        var html = await File.ReadAllTextAsync(Path.Combine(Folder(programme), "report.html"));
        Assert.Contains("<svg", html);
        // The picture in the README is this report's first chart: UPDATE_README_CHART=1 refreshes it.
        if (Environment.GetEnvironmentVariable("UPDATE_README_CHART") == "1")
        {
            var svg = html[html.IndexOf("<svg", StringComparison.Ordinal)..(html.IndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length)];
            await File.WriteAllTextAsync(Path.Combine(Apps.RepositoryRoot(), "docs", "images", "report-chart.svg"), svg);
        }
        Assert.DoesNotContain("<script", html);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder(programme), "report.json")));
        Assert.Equal(["matching", "scheduling", "feedback", "profile"], json.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        // The same period again: the stored report, byte for byte, and still one run.
        var first = Directory.GetFiles(Folder(programme)).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        Directory.Delete(Folder(programme), recursive: true);
        var (again, againLog) = await RunAsync(await OptionsAsync([programme]));
        Assert.True(again == 0, againLog);
        Assert.Contains("already done", againLog);
        Assert.Equal(first, Directory.GetFiles(Folder(programme)).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        Assert.Equal(1, await RunsAsync(done: true));
    }

    [Fact]
    public async Task A_report_is_mailed_once_to_the_configured_recipients_even_when_the_first_attempt_fails()
    {
        var programme = await new ReportingWorld(Db).ProgrammeAsync(pairs: 5);
        var recipients = new Mentoring.Reporting.Delivery.ReportMailOptions { To = ["board@acme.example", "hr@acme.example"], Host = "127.0.0.1" };
        // No mail server yet: the report is done and stored, the run fails, and nothing is mailed.
        var (down, downLog) = await RunAsync(await OptionsAsync([programme]) with { Mail = recipients with { Port = FreePort.Next() } });
        Assert.Equal(1, down);
        Assert.Equal(1, await RunsAsync(done: true));

        // The next run mails the stored report.
        await using var sink = SmtpSink.Start();
        var options = await OptionsAsync([programme]) with { Mail = recipients with { Port = sink.Port } };
        var (code, log) = await RunAsync(options);
        Assert.True(code == 0, log);
        var mail = Assert.Single(sink.Messages);
        Assert.Equal(["board@acme.example", "hr@acme.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("2026-10", mail.Subject);
        Assert.Equal(["report.html", "report.json"], mail.Attachments.OfType<MimeKit.MimePart>().Select(a => a.FileName).Order());

        // A re-run writes the stored report out again and mails nobody.
        var (again, againLog) = await RunAsync(options);
        Assert.True(again == 0, againLog);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Without_programmes_named_it_reports_on_every_programme_of_the_organisation_and_no_other()
    {
        var world = new ReportingWorld(Db);
        var (first, second) = (await world.ProgrammeAsync(pairs: 5), await world.ProgrammeAsync(pairs: 0));
        var theirs = await world.ProgrammeAsync(pairs: 0, tenant: "globex");
        var (code, log) = await RunAsync(await OptionsAsync([]));
        Assert.True(code == 0, log);
        Assert.Contains("2 report(s)", log);
        Assert.Contains("<h1>Report: programme report</h1>", await File.ReadAllTextAsync(Path.Combine(Folder(first), "report.html")));
        Assert.True(File.Exists(Path.Combine(Folder(second), "report.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "acme", theirs["programmes/".Length..])));
        Assert.False(Directory.Exists(Path.Combine(output, "globex")));
    }

    [Fact]
    public async Task A_programme_with_four_mentees_shows_no_figure_in_any_section()
    {
        var programme = await new ReportingWorld(Db).ProgrammeAsync(pairs: 4);
        var (code, log) = await RunAsync(await OptionsAsync([programme]));
        Assert.True(code == 0, log);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder(programme), "report.json")));
        var values = json.RootElement.GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("tables").EnumerateArray())
            .SelectMany(t => t.GetProperty("rows").EnumerateArray())
            .SelectMany(r => r.GetProperty("values").EnumerateArray()).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Equal(0, v.GetProperty("value").GetDouble()));
        Assert.Contains(values, v => v.GetProperty("suppressed").GetBoolean());
        Assert.DoesNotContain("<svg", await File.ReadAllTextAsync(Path.Combine(Folder(programme), "report.html")));
    }

    [Fact]
    public async Task A_run_that_fails_part_way_marks_nothing_done_and_the_next_run_starts_clean()
    {
        var programme = await new ReportingWorld(Db).ProgrammeAsync(pairs: 6);
        // Scheduling cannot be reached: retried, then the run fails with exit code 1.
        var (code, log) = await RunAsync(await OptionsAsync([programme], scheduling: new Uri($"http://127.0.0.1:{FreePort.Next()}")));
        Assert.Equal(1, code);
        Assert.Contains("FAILED", log);
        Assert.Equal((0, 1), (await RunsAsync(done: true), await RunsAsync(done: false)));

        var (retry, retryLog) = await RunAsync(await OptionsAsync([programme]));
        Assert.True(retry == 0, retryLog);
        Assert.Equal((1, 0), (await RunsAsync(done: true), await RunsAsync(done: false)));
    }

    [Fact]
    public async Task Administrators_read_the_meetings_section_the_job_reads_and_people_do_not()
    {
        var programme = await new ReportingWorld(Db).ProgrammeAsync(pairs: 6);
        var request = new Mentoring.Contracts.Reporting.V1.GetProgrammeReportSectionRequest
        {
            Programme = programme,
            StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)),
            EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
        };
        async Task<Mentoring.Contracts.Scheduling.V1.SchedulingService.SchedulingServiceClient> As(Task<string> token) =>
            await ClientAsync<Mentoring.Contracts.Scheduling.V1.SchedulingService.SchedulingServiceClient>("scheduling", token);

        var job = await (await As(TestIdentity.ReportingJobAsync())).GetProgrammeReportSectionAsync(request);
        var admin = await (await As(TestIdentity.AdministratorAsync())).GetProgrammeReportSectionAsync(request);
        Assert.Equal(job, admin);
        Assert.Equal(6, admin.Tables.Single(t => t.Id == "meetings").Rows.Single(r => r.Label == "Held").Values[0].Value);
        var person = await As(TestIdentity.PersonAsync());
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => person.GetProgrammeReportSectionAsync(request).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task Sections_of_services_that_know_nothing_of_the_programme_say_no_data_yet_and_bad_arguments_or_credentials_fail()
    {
        var unknown = $"programmes/{Guid.NewGuid()}";
        var (code, log) = await RunAsync(await OptionsAsync([unknown]));
        Assert.True(code == 0, log);
        var html = await File.ReadAllTextAsync(Path.Combine(Folder(unknown), "report.html"));
        Assert.Equal(4, html.Split("No data yet.").Length - 1);

        var (bad, badLog) = await RunAsync(await OptionsAsync(["people/1"]));
        Assert.Equal(2, bad);
        Assert.Contains("programmes/{id}", badLog);

        var (refused, refusedLog) = await RunAsync(await OptionsAsync([unknown]) with { ClientSecret = "not-the-secret" });
        Assert.Equal(1, refused);
        Assert.Contains("refused the job's credentials", refusedLog);
    }
}
