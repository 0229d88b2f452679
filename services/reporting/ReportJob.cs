using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Reporting.V1;
using Mentoring.Reporting.Periods;
using Mentoring.Reporting.Rendering;
using Mentoring.Reporting.Sections;
using Mentoring.Reporting.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace Mentoring.Reporting;

/// <summary>What one run of the job is told to do.</summary>
public sealed record ReportJobOptions
{
    /// <summary>The programmes to report on, <c>programmes/{id}</c>; empty: every programme of the organisation.</summary>
    public required IReadOnlyList<string> Programmes { get; init; }
    public required ReportPeriod Period { get; init; }
    public required string OutputFolder { get; init; }
    /// <summary>reporting's database role (its own schema).</summary>
    public required string ConnectionString { get; init; }
    /// <summary>The token server's base address (client credentials at <c>connect/token</c>).</summary>
    public required Uri Authority { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    /// <summary>gRPC address per section id (matching, scheduling, feedback, profile); the gateway's for all of them in the default setup.</summary>
    public required IReadOnlyDictionary<string, Uri> Services { get; init; }
    /// <summary>Mail each new report to these recipients; null: no mail.</summary>
    public Delivery.ReportMailOptions? Mail { get; init; }
    /// <summary>How many programmes are reported on at once (each report is still built and stored on its own).</summary>
    public int Parallelism { get; init; } = 4;
}

/// <summary>
/// The reporting job (docs/reporting.md): for each programme, the period's report from the services'
/// aggregate sections, rendered as HTML with charts, CSV per table and JSON, written to the output
/// folder and stored once in reporting's schema. Prints progress; returns the exit code (0 done,
/// 1 failed). A report already done is written out again from the store, not rebuilt.
/// </summary>
public static class ReportJob
{
    public static async Task<int> RunAsync(ReportJobOptions o, TextWriter output, CancellationToken ct)
    {
        // Programmes and their sections are worked on concurrently: their progress lines interleave.
        var log = TextWriter.Synchronized(output);
        var v = o.Programmes.Where(p => !ResourceName.TryParse("programmes", p, out _)).ToList();
        if (v.Count > 0)
        {
            await log.WriteLineAsync($"report: every --programme must be programmes/{{id}}; not: {string.Join(", ", v)}");
            return 2;
        }
        DatabaseMigrator.Apply(o.ConnectionString, "reporting", typeof(ReportJob).Assembly, "Mentoring.Reporting.Migrations.");
        string token;
        try
        {
            token = await ClientCredentialsAsync(o, ct);
        }
        catch (InvalidOperationException e)
        {
            await log.WriteLineAsync($"report: {e.Message}");
            return 1;
        }
        var tenant = new JsonWebToken(token).TryGetClaim("tenant", out var claim) ? claim.Value : "";
        if (tenant.Length == 0) { await log.WriteLineAsync("report: the token names no organisation (tenant claim)"); return 1; }

        await using var data = NpgsqlDataSource.Create(o.ConnectionString);
        var store = new ReportStore(data, tenant);
        var channels = o.Services.ToDictionary(s => s.Key, s => GrpcChannel.ForAddress(s.Value));
        try
        {
            var source = new SectionSource(id => channels[id], token);
            // Named on the command line, or every programme of the organisation (matching knows them).
            var known = await source.ProgrammesAsync(ct);
            var programmes = o.Programmes.Count > 0 ? o.Programmes : known.Keys.ToList();
            if (programmes.Count == 0) await log.WriteLineAsync("report: the organisation has no programme yet");
            var failed = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, programmes.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Parallelism), CancellationToken = ct }, async (i, token) =>
            {
                var programme = programmes[i];
                try
                {
                    await ReportOneAsync(o, log, store, source, tenant, programme, known.GetValueOrDefault(programme, programme), $"{i + 1}/{programmes.Count}", token);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or NpgsqlException or IOException or InvalidOperationException
                                           or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException
                                           or System.Net.Sockets.SocketException or TimeoutException or MimeKit.ParseException)
                {
                    Interlocked.Increment(ref failed);
                    await log.WriteLineAsync($"[{i + 1}/{programmes.Count}] {programme}: FAILED — {Describe(e)}; a re-run finishes what is missing");
                }
            });
            await log.WriteLineAsync(failed == 0 ? $"report: {programmes.Count} report(s) of {o.Period.Key} done" : $"report: {failed} of {programmes.Count} failed");
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var c in channels.Values) c.Dispose();
        }
    }

    private static async Task ReportOneAsync(ReportJobOptions o, TextWriter log, ReportStore store, SectionSource source, string tenant,
        string programme, string displayName, string position, CancellationToken ct)
    {
        ResourceName.TryParse("programmes", programme, out var programmeId);
        var folder = Path.Combine(o.OutputFolder, tenant, programmeId.ToString(), o.Period.Key);
        await using var held = await store.TryLockAsync(programmeId, o.Period, ct)
            ?? throw new InvalidOperationException("another job is building this report right now");
        if (await store.FindDoneAsync(programmeId, o.Period, ct) is { } done)
        {
            Write(folder, done.Files);
            await log.WriteLineAsync($"[{position}] {programme} {o.Period.Key}: already done on {done.FinishedAt:yyyy-MM-dd HH:mm} UTC; written to {folder}");
            // A report whose mail failed last time goes out now; one already mailed never twice.
            if (!done.Mailed) await MailAsync(o, log, store, done.RunId, programme, position, done.Files, ct);
            return;
        }
        var runId = await store.StartAsync(programmeId, o.Period, ct);
        var request = new GetProgrammeReportSectionRequest
        {
            Programme = programme, StartTime = Timestamp.FromDateTime(o.Period.Start), EndTime = Timestamp.FromDateTime(o.Period.End),
        };
        var clock = Stopwatch.StartNew();
        var received = 0;
        // Asked of every service at once; kept in the order of SectionSource.All whatever order they come in.
        var sections = await Task.WhenAll(SectionSource.All.Select(async spec =>
        {
            var section = await source.FetchAsync(spec, request, ct);
            var count = Interlocked.Increment(ref received);
            var eta = TimeSpan.FromTicks(clock.Elapsed.Ticks / count * (SectionSource.All.Count - count));
            await log.WriteLineAsync($"[{position}] {programme}: section {count}/{SectionSource.All.Count} {spec.Id} " +
                $"({section.Tables.Sum(t => t.Rows.Count)} rows) · {clock.Elapsed.TotalSeconds:0.0} s · ETA {eta.TotalSeconds:0.0} s");
            return section;
        }));
        var fetched = clock.Elapsed;
        var files = new ProgrammeReport(tenant, programme, displayName, o.Period, sections).Files();
        var rendered = clock.Elapsed;
        await store.FinishAsync(runId, files, ct);
        Write(folder, files);
        await log.WriteLineAsync($"[{position}] {programme} {o.Period.Key}: done, {files.Count} files in {folder} " +
            $"(sections {fetched.TotalSeconds:0.00} s, rendering {(rendered - fetched).TotalSeconds:0.00} s, storing {(clock.Elapsed - rendered).TotalSeconds:0.00} s)");
        await MailAsync(o, log, store, runId, programme, position, files, ct);
    }

    private static async Task MailAsync(ReportJobOptions o, TextWriter log, ReportStore store, Guid runId, string programme, string position,
        IReadOnlyDictionary<string, byte[]> files, CancellationToken ct)
    {
        if (o.Mail is not { To.Count: > 0 } mail) return;
        await Delivery.ReportMail.SendAsync(mail, programme, o.Period.Key, files, ct);
        await store.MarkMailedAsync(runId, ct);
        await log.WriteLineAsync($"[{position}] {programme} {o.Period.Key}: mailed to {mail.To.Count} recipient(s)");
    }

    private static void Write(string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files) File.WriteAllBytes(Path.Combine(folder, name), content);
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string? AccessToken);

    private static async Task<string> ClientCredentialsAsync(ReportJobOptions o, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = o.Authority };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = o.ClientId, ["client_secret"] = o.ClientSecret, ["scope"] = "reporting.read",
            }), ct);
        }
        catch (HttpRequestException)
        {
            throw new InvalidOperationException($"the token server at {o.Authority} does not answer");
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the token server refused the job's credentials ({(int)response.StatusCode})");
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))?.AccessToken
            ?? throw new InvalidOperationException("the token server gave no access token");
    }

    private static string Describe(Exception e) => e switch
    {
        Grpc.Core.RpcException r => $"{r.StatusCode}: {r.Status.Detail}",
        _ => e.Message,
    };
}
