using System.Text;
using System.Text.RegularExpressions;

namespace Mentoring.Reporting.Load;

/// <summary>
/// The plans PostgreSQL's <c>auto_explain</c> wrote to the server log (text format, one entry per
/// statement, continuation lines indented), kept for the services' report queries only: statements of
/// the background workers (outbox relay, inbox, event log, sweepers) and of the job's own storage are
/// left out. The log line prefix must be <c>%u:</c> (the service's role).
/// </summary>
internal static partial class PlanCapture
{
    public sealed record Plan(string Role, double Milliseconds, string Query, IReadOnlyList<string> Lines)
    {
        public IEnumerable<string> IndexesUsed => Lines.SelectMany(l => IndexUse().Matches(l)).Select(m => m.Groups[1].Value).Distinct();
        public IEnumerable<string> SequentialScans => Lines.SelectMany(l => SeqScan().Matches(l)).Select(m => m.Groups[1].Value).Distinct();
    }

    /// <summary>The roles of the services that answer the job (each service connects as its own role).</summary>
    private static readonly string[] Services = ["matching", "scheduling", "feedback", "profile"];

    private static readonly string[] Background =
    [
        "outbox", "inbox", "event_cursor", "event_failure", "eventbus", "meeting_clock", "health_check_due", "relationship_deadline",
        "external_calendar_due", "report_run", "report_file", "pg_advisory", "schema_versions", "pg_catalog", "set_config",
        "agreement_reminder", "contracting_since", "reminder_sent", "data_key", "client", "signing_key",
    ];

    /// <summary>The entries after <paramref name="offset"/> bytes of the log.</summary>
    public static IReadOnlyList<Plan> Read(string logPath, long offset)
    {
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var plans = new List<Plan>();
        string? role = null;
        double ms = 0;
        var lines = new List<string>();
        void Flush()
        {
            if (role is null) return;
            var query = string.Join(' ', lines.TakeWhile(l => !l.TrimStart().StartsWith("->") && !PlanNode().IsMatch(l))
                .Select(l => l.Trim())).Replace("Query Text: ", "");
            var plan = lines.SkipWhile(l => !PlanNode().IsMatch(l)).ToList();
            if (plan.Count > 0 && Services.Contains(role) && query != "SELECT 1" // the readiness probe's
                && !Background.Any(b => query.Contains(b, StringComparison.OrdinalIgnoreCase)))
                plans.Add(new Plan(role, ms, Whitespace().Replace(query, " "), plan));
            role = null;
            lines = [];
        }
        while (reader.ReadLine() is { } line)
        {
            var entry = Entry().Match(line);
            if (entry.Success)
            {
                Flush();
                (role, ms) = (entry.Groups[1].Value, double.Parse(entry.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            // A statement's text keeps its own line breaks, unindented: anything until the next log line belongs to the entry.
            else if (role is not null && !LogLine().IsMatch(line)) lines.Add(line.TrimEnd());
            else Flush();
        }
        Flush();
        return plans;
    }

    [GeneratedRegex(@"^(\S+):LOG:\s+duration: ([0-9.]+) ms\s+plan:")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^\S*:(?:LOG|ERROR|WARNING|STATEMENT|DETAIL|HINT|CONTEXT|FATAL|NOTICE|PANIC):")]
    private static partial Regex LogLine();

    // A plan node line: "Aggregate  (cost=… rows=… width=…) (actual time=…)".
    [GeneratedRegex(@"\(cost=[0-9.]+\.\.[0-9.]+ rows=")]
    private static partial Regex PlanNode();

    [GeneratedRegex(@"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)")]
    private static partial Regex IndexUse();

    [GeneratedRegex(@"Seq Scan on (\S+)")]
    private static partial Regex SeqScan();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
