using System.Net;
using Mentoring.Gateway.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// The gateway serves the document and the API reference on its HTTP/1.1 port without a token
/// (the API behind it still needs one), and the document is valid OpenAPI 3.
/// </summary>
public sealed class OpenApiGatewayTests(OpenApiFixture fixture) : IClassFixture<OpenApiFixture>
{
    [Fact]
    public void The_document_is_served_anonymously_as_json_and_is_the_generated_one()
    {
        Assert.Equal(HttpStatusCode.OK, fixture.DocumentResponse.StatusCode);
        Assert.Equal("application/json", fixture.DocumentResponse.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.0.", fixture.Document["openapi"]!.GetValue<string>());
        Assert.Equal(OpenApiDocumentGenerator.Json, fixture.DocumentText);
    }

    [Fact]
    public void The_document_is_valid_openapi_without_errors()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(fixture.DocumentText, OpenApiConstants.Json);
        Assert.NotNull(document);
        Assert.True(diagnostic!.Errors.Count == 0, "Reading: " + string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);

        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToArray() ?? [];
        Assert.True(errors.Length == 0, "Validation: " + string.Join("\n", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(fixture.Operations().Count(), document.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public async Task The_reference_page_is_html_listing_the_operations_with_its_viewer_served_from_the_gateway()
    {
        using var http = fixture.Gateway.CreateHttpClient();
        var page = await http.GetAsync("/openapi"); // redirects to /openapi/index.html
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<code>GET /profile/v1/people/{personId}</code> (ProfileService_GetPerson)", html);
        Assert.Contains("<title>Mentoring platform API</title>", html);
        Assert.DoesNotContain("%(", html); // every placeholder filled in

        // Self-contained: the viewer's scripts come from the gateway itself, and point at the document.
        var script = await http.GetAsync("/openapi/index.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("v1.json", await script.Content.ReadAsStringAsync());
        foreach (var asset in new[] { "/openapi/swagger-ui-bundle.js", "/openapi/swagger-ui-standalone-preset.js", "/openapi/swagger-ui.css" })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(asset)).StatusCode);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public async Task The_api_itself_still_needs_a_token()
    {
        using var http = fixture.Gateway.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/profile/v1/people")).StatusCode);
    }
}
