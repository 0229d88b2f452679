using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// The page Swagger UI starts from (its <c>IndexStream</c>): Swagger UI's own shell (the
/// <c>%(…)</c> placeholders are filled in by its middleware), plus, for readers without JavaScript
/// and for assistive tools that do not run it, every operation as a plain list rendered from the
/// same document.
/// </summary>
public static class ApiReferencePage
{
    public static string Html(JsonObject document)
    {
        var title = document["info"]!["title"]!.GetValue<string>();
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>%(DocumentTitle)</title>
              <link rel="stylesheet" type="text/css" href="%(StylesPath)">
              <link rel="stylesheet" type="text/css" href="./index.css">
              <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32">
              <link rel="icon" type="image/png" href="./favicon-16x16.png" sizes="16x16">
              %(HeadContent)
            </head>
            <body>
            <main>
            <div id="swagger-ui"></div>
            <noscript>
            <h1>{E(title)}</h1>
            <p>The interactive reference needs JavaScript. The OpenAPI document is <a href="v1.json">v1.json</a>; its operations:</p>

            """);
        var operations = OperationsByTag(document);
        foreach (var tag in document["tags"]!.AsArray())
        {
            var name = tag!["name"]!.GetValue<string>();
            html.Append($"<h2>{E(name)}</h2>\n<ul>\n");
            foreach (var (method, path, operation) in operations.Where(o => o.Tag == name).Select(o => (o.Method, o.Path, o.Operation)))
                html.Append($"<li><code>{E(method.ToUpperInvariant())} {E(path)}</code> ({E(operation["operationId"]!.GetValue<string>())}): {E(operation["summary"]!.GetValue<string>())}</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("""
            </noscript>
            </main>
            <script src="%(ScriptBundlePath)" charset="utf-8"></script>
            <script src="%(ScriptPresetsPath)" charset="utf-8"></script>
            <script src="index.js" charset="utf-8"></script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static List<(string Tag, string Method, string Path, JsonObject Operation)> OperationsByTag(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (
                Tag: o.Value!["tags"]![0]!.GetValue<string>(), Method: o.Key, Path: p.Key, Operation: o.Value!.AsObject())))
            .ToList();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
