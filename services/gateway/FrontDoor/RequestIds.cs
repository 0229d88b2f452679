using System.Diagnostics;
using System.Text.RegularExpressions;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// One id per request, <c>x-request-id</c>: the caller's own if it is a sane token, else a new one
/// (a time-ordered GUID). It goes back on the response, on to the destination service (a YARP
/// request transform replaces whatever the caller sent), into the gateway's logging scope
/// (<c>RequestId</c>, as in the services) and onto the request's trace span.
/// </summary>
public static partial class RequestIds
{
    public const string Header = "x-request-id";

    private static readonly Func<ILogger, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string>("RequestId:{RequestId}");

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex Sane();

    private sealed record RequestIdFeature(string Id);

    /// <summary>The request's id (set by <see cref="UseRequestIds"/>).</summary>
    public static string Of(HttpContext http) => http.Features.Get<RequestIdFeature>()?.Id ?? Assign(http);

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestIds).FullName!);
        return app.Use(async (http, next) =>
        {
            var id = Assign(http);
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("http.request.header.x-request-id", id);
            using (Scope(logger, id)) await next(http);
        });
    }

    /// <summary>For <c>AddTransforms</c>: every proxied request carries the request's id, exactly once.</summary>
    public static void ForwardToDestination(TransformBuilderContext context) =>
        context.AddRequestTransform(transform =>
        {
            RequestTransform.TakeHeader(transform, Header);
            RequestTransform.AddHeader(transform, Header, Of(transform.HttpContext));
            return ValueTask.CompletedTask;
        });

    private static string Assign(HttpContext http)
    {
        var incoming = http.Request.Headers[Header];
        var id = incoming.Count == 1 && Sane().IsMatch(incoming[0]!) ? incoming[0]! : Guid.CreateVersion7().ToString("N");
        http.Features.Set(new RequestIdFeature(id));
        return id;
    }
}
