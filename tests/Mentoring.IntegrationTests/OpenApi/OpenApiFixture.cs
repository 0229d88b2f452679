using System.Text.Json.Nodes;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// A gateway (no services behind it: the document needs none) and the OpenAPI document it serves
/// at <c>/openapi/v1.json</c>, fetched once without a token.
/// </summary>
public sealed class OpenApiFixture : IAsyncLifetime
{
    public RunningService Gateway { get; private set; } = null!;
    public HttpResponseMessage DocumentResponse { get; private set; } = null!;
    public string DocumentText { get; private set; } = null!;
    public JsonObject Document { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await Apps.StartGatewayAsync([], waitUntilReady: false);
        using var http = Gateway.CreateHttpClient();
        DocumentResponse = await http.GetAsync("/openapi/v1.json");
        DocumentText = await DocumentResponse.Content.ReadAsStringAsync();
        Document = JsonNode.Parse(DocumentText)!.AsObject();
    }

    public async Task DisposeAsync()
    {
        DocumentResponse.Dispose();
        await Gateway.DisposeAsync();
    }

    public JsonObject Schema(string name) => Document["components"]!["schemas"]![name]!.AsObject();

    public JsonObject Operation(string operationId) => Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == operationId).Operation;

    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key, p.Key, o.Value!.AsObject())));

    /// <summary>Follows a <c>$ref</c> (<c>#/components/…</c>) to what it names; null when nothing is there.</summary>
    public JsonNode? Resolve(string reference)
    {
        Assert.StartsWith("#/", reference);
        JsonNode? node = Document;
        foreach (var part in reference[2..].Split('/'))
            node = node is JsonObject o && o.TryGetPropertyValue(part.Replace("~1", "/").Replace("~0", "~"), out var next) ? next : null;
        return node;
    }
}
