using System.Text;
using System.Text.Json.Nodes;
using Mentoring.Gateway.FrontDoor;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// The gateway serves the OpenAPI document at <c>GET /openapi/v1.json</c> and the API reference
/// (Swagger UI, whose files are embedded in its package, so the page works offline) at
/// <c>GET /openapi</c>. Both are anonymous, like health: the reference describes the API, it is
/// not part of it. The try-it-out calls go through the gateway with a token from its Authorize
/// dialog (client credentials, or authorization code with PKCE for a client whose redirect URIs
/// include <c>/openapi/oauth2-redirect.html</c>).
/// </summary>
public static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/openapi";

    /// <summary>
    /// The gateway's policy plus what Swagger UI needs: its icons are <c>data:</c> images and its
    /// components set inline styles. Scripts still come only from the gateway.
    /// </summary>
    public const string ReferenceContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

    public static WebApplication MapOpenApiReference(this WebApplication app)
    {
        var json = OpenApiDocumentGenerator.Json;
        var page = Encoding.UTF8.GetBytes(ApiReferencePage.Html(JsonNode.Parse(json)!.AsObject()));
        app.MapGet(DocumentPath, () => Results.Text(json, "application/json", Encoding.UTF8)).AllowAnonymous();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ReferencePath), reference => reference.Use((http, next) =>
        {
            SecurityHeaders.UseContentSecurityPolicy(http, ReferenceContentSecurityPolicy);
            return next(http);
        }));
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = ReferencePath.TrimStart('/');
            ui.DocumentTitle = "Mentoring platform API";
            ui.SwaggerEndpoint("v1.json", "Mentoring platform API v1"); // relative: works behind a path prefix too
            ui.IndexStream = () => new MemoryStream(page, writable: false);
            ui.OAuthUsePkce();
            ui.EnableDeepLinking();
            ui.DisplayOperationId();
        });
        return app;
    }
}
