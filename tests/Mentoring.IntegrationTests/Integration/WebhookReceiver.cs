using System.Collections.Concurrent;
using System.Text.Json;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Mentoring.IntegrationTests.Integration;

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, JsonElement Body, string Raw);

/// <summary>
/// A partner's endpoint on a real Kestrel port: verifies the signature with the StandardWebhooks
/// package (403 when it does not verify) and answers the given statuses in turn, then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> script;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<int> script, string url) => (this.app, this.script, Url) = (app, script, url);

    public string Url { get; }
    public string? Secret { get; set; }
    public ConcurrentQueue<ReceivedWebhook> Verified { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();
    public List<int> Answers { get; } = [];

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new ConcurrentQueue<int>(statuses), $"http://127.0.0.1:{port}/hooks");
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            try
            {
                new StandardWebhook(receiver.Secret!).Verify(body, http.Request.Headers);
            }
            catch (Exception e)
            {
                receiver.Rejected.Enqueue(e.Message);
                return Results.StatusCode(403);
            }
            var status = receiver.script.TryDequeue(out var s) ? s : 200;
            lock (receiver.Answers) receiver.Answers.Add(status);
            receiver.Verified.Enqueue(new ReceivedWebhook(
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                JsonDocument.Parse(body).RootElement.Clone(), body));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
