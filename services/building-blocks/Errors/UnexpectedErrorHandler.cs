using Mentoring.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Errors;

/// <summary>
/// For the plain HTTP endpoints (CSV, operations, event deliveries): an unhandled exception becomes
/// a 500 problem-details body with a correlation id and no exception text, in every environment
/// (it sits inside ASP.NET's developer exception page, which therefore never sees one).
/// gRPC and transcoded calls are answered by <see cref="UnexpectedErrorInterceptor"/>.
/// </summary>
public static class UnexpectedErrorHandler
{
    public static IApplicationBuilder UseUnexpectedErrorHandler(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var correlationId = CorrelationId.Of(http);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mentoring.Errors")
                .LogError(e, "Unexpected failure in {Method} {Path} (correlation id {CorrelationId})",
                    http.Request.Method, http.Request.Path, correlationId);
            if (http.Response.HasStarted) throw; // too late for a body: the connection is aborted
            http.Response.Clear();
            var unavailable = TransientFailures.IsUnavailable(e);
            if (unavailable) http.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(
                statusCode: unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
                title: unavailable ? TransientFailures.Explain(e).Message : "Internal error",
                detail: $"Correlation id: {correlationId}",
                extensions: new Dictionary<string, object?> { ["correlationId"] = correlationId })
                .ExecuteAsync(http);
        }
    });
}
