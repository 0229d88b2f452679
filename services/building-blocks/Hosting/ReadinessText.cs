using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mentoring.BuildingBlocks.Hosting;

/// <summary>
/// The body of <c>/healthz/ready</c>: the status, then the name of each check that is not healthy,
/// with its description when the check is tagged <see cref="Explained"/> (its description is meant
/// for operators and says what to do: docs/operations.md, "Health and readiness"). Other checks'
/// descriptions, which may carry database error texts, are never written: the endpoint is public.
/// </summary>
public static class ReadinessText
{
    public const string Explained = "explained";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Value.Tags.Contains(Explained) ? $"{e.Key}: {e.Value.Description}" : e.Key));
        return context.Response.WriteAsync(string.Join("\n", lines), context.RequestAborted);
    }
}
