using System.CommandLine;
using Mentoring.Reporting;
using Mentoring.Reporting.Periods;
using Microsoft.Extensions.Configuration;

// The reporting job: ./platform report --programme programmes/{id} [--period month:2026-11] [--out folder]
// Configuration (environment, docs/reporting.md): ConnectionStrings__Service, Reporting__Authority,
// Reporting__ClientId, Reporting__ClientSecret, Reporting__Gateway (or Reporting__Services__{matching,scheduling,feedback,profile}),
// Reporting__OutputFolder; Reporting__Mail__To (comma-separated) with Reporting__Mail__Host/Port/From/StartTls/User/Password.
var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();

var programmes = new Option<string[]>("--programme") { Description = "A programme to report on, programmes/{id} (repeat for several; default: every programme)", AllowMultipleArgumentsPerToken = true };
var period = new Option<string>("--period") { Description = "month:YYYY-MM, quarter:YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD (default: last month)" };
var output = new Option<string>("--out") { Description = "Folder for the report files (default Reporting__OutputFolder, else ./reports)" };
var root = new RootCommand("Builds programme reports (HTML with charts, CSV, JSON) from the services' aggregates.") { programmes, period, output };
root.SetAction(async (parsed, ct) =>
{
    var text = parsed.GetValue(period);
    var error = "";
    var chosen = text is null ? ReportPeriod.PreviousMonth(DateTime.UtcNow) : ReportPeriod.Parse(text, out error);
    if (chosen is null) { Console.Error.WriteLine($"report: --period {error}"); return 2; }
    string Setting(string key) => config[key] is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"configuration {key.Replace(":", "__")} is required");
    try
    {
        var gateway = config["Reporting:Gateway"];
        var services = Mentoring.Reporting.Sections.SectionSource.All.Select(spec => spec.Id).ToDictionary(s => s, s => new Uri(config[$"Reporting:Services:{s}"] ?? gateway
            ?? throw new InvalidOperationException($"configuration Reporting__Gateway (or Reporting__Services__{s}) is required")));
        return await ReportJob.RunAsync(new ReportJobOptions
        {
            Programmes = parsed.GetValue(programmes) ?? [], Period = chosen,
            OutputFolder = parsed.GetValue(output) ?? config["Reporting:OutputFolder"] ?? "reports",
            ConnectionString = Setting("ConnectionStrings:Service"), Authority = new Uri(Setting("Reporting:Authority")),
            ClientId = Setting("Reporting:ClientId"), ClientSecret = Setting("Reporting:ClientSecret"), Services = services,
            Parallelism = int.TryParse(config["Reporting:Parallelism"], out var parallelism) && parallelism > 0 ? parallelism : 4,
            Mail = config["Reporting:Mail:To"] is { Length: > 0 } to ? new Mentoring.Reporting.Delivery.ReportMailOptions
            {
                To = to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Host = config["Reporting:Mail:Host"] ?? "127.0.0.1", Port = int.TryParse(config["Reporting:Mail:Port"], out var port) ? port : 25,
                From = config["Reporting:Mail:From"] ?? "Mentoring reports <reports@localhost>", StartTls = config["Reporting:Mail:StartTls"] == "true",
                User = config["Reporting:Mail:User"], Password = config["Reporting:Mail:Password"],
            } : null,
        }, Console.Out, ct);
    }
    catch (InvalidOperationException e)
    {
        Console.Error.WriteLine($"report: {e.Message}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();
