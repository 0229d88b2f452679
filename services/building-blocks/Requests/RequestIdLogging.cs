using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Requests;

/// <summary>
/// Puts the gateway's <c>x-request-id</c> on every log line and trace span of the request, so one
/// id follows a call from the front door through the service.
/// </summary>
public static class RequestIdLogging
{
    public const string Header = "x-request-id";

    public static IApplicationBuilder UseRequestIdLogging(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var requestId = context.Request.Headers[Header].ToString();
        if (requestId.Length is 0 or > 128)
        {
            await next(context);
            return;
        }
        Activity.Current?.SetTag("http.request.id", requestId);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mentoring.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
            await next(context);
    });
}
