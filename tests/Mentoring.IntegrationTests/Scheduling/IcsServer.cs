using System.Collections.Concurrent;
using System.Net;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>
/// A published calendar's server, in process on loopback (a real Kestrel): <c>/calendar.ics</c>
/// answers as <see cref="Answer"/> says — the calendar, HTTP 500, garbage, a body that never ends,
/// or nothing at all — and <c>/redirect/{n}</c> redirects n + 1 times before reaching it.
/// </summary>
public sealed class IcsServer : IAsyncDisposable
{
    public enum Behaviour { Calendar, ServerError, Garbage, Endless, Hang }

    public const string Garbage = "<html><body>Sorry, Dentist appointment moved</body></html>";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> hits = new();
    private volatile string ics = "";
    private volatile Behaviour answer = Behaviour.Calendar;

    private IcsServer(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    public Uri Address { get; }

    public string Ics { get => ics; set => ics = value; }

    public Behaviour Answer { get => answer; set => answer = value; }

    public string Url(string path) => new Uri(Address, path).ToString();

    /// <summary>How many requests reached <c>/calendar.ics</c>.</summary>
    public int CalendarHits => hits.GetValueOrDefault("/calendar.ics");

    public static async Task<IcsServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateTempSubdirectory("mentoring-ics-").FullName,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1));
        var web = builder.Build();
        var server = new IcsServer(web, new Uri($"http://127.0.0.1:{port}/"));
        web.MapGet("/calendar.ics", server.CalendarAsync);
        web.MapGet("/redirect/{n:int}", (int n) => Results.Redirect(n <= 0 ? "/calendar.ics" : $"/redirect/{n - 1}"));
        await web.StartAsync();
        return server;
    }

    private async Task CalendarAsync(HttpContext http)
    {
        hits.AddOrUpdate("/calendar.ics", 1, (_, n) => n + 1);
        var aborted = http.RequestAborted;
        switch (answer)
        {
            case Behaviour.Calendar:
                http.Response.ContentType = "text/calendar; charset=utf-8";
                await http.Response.WriteAsync(ics, aborted);
                break;
            case Behaviour.ServerError:
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync("Internal error at Dentist appointment", aborted);
                break;
            case Behaviour.Garbage:
                http.Response.ContentType = "text/calendar";
                await http.Response.WriteAsync(Garbage, aborted);
                break;
            case Behaviour.Endless:
                // Chunked, no Content-Length: the client has to stop reading by itself (bounded here at 8 MB).
                http.Response.ContentType = "text/calendar";
                var line = System.Text.Encoding.ASCII.GetBytes("X-FILLER:" + new string('x', 1000) + "\r\n");
                try
                {
                    for (var written = 0; written < 8 * 1024 * 1024 && !aborted.IsCancellationRequested; written += line.Length)
                        await http.Response.Body.WriteAsync(line, aborted);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException) { }
                break;
            case Behaviour.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), aborted);
                }
                catch (OperationCanceledException) { }
                break;
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
