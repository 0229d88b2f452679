using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mentoring.BuildingBlocks.Hosting;

/// <summary>
/// The body of <c>/healthz/ready</c>: the status, and for each check that is not healthy its name
/// and description, so that a refusal says what to do (docs/operations.md, "Health and readiness").
/// Exception texts are never written.
/// </summary>
public static class ReadinessText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key}: {e.Value.Description}"));
        return context.Response.WriteAsync(string.Join("\n", lines), context.RequestAborted);
    }
}
