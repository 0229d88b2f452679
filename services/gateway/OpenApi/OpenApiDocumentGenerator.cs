using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// The OpenAPI 3.0 document of the platform's REST surface, generated from the protos (the
/// descriptor set with comments embedded in the contracts assembly), so it cannot drift from them:
/// one operation per <c>google.api.http</c> binding of every service, the schemas of the messages
/// they use, the error model and the security schemes. Pure: no I/O besides reading that resource.
/// A copy is checked in at <c>contracts/openapi/v1.json</c>.
/// </summary>
public static class OpenApiDocumentGenerator
{
    public const string OpenApiVersion = "3.0.3";

    private static readonly Lazy<string> json = new(() => Serialize(Generate(ContractDescriptorSet.Files)));

    /// <summary>The document of the contracts, as served and checked in (indented, <c>\n</c> line ends, final newline).</summary>
    public static string Json => json.Value;

    public static string Serialize(JsonObject document) => document.ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable text: served as application/json, never embedded in HTML
    }) + "\n";

    public static JsonObject Generate(IReadOnlyList<FileDescriptor> files)
    {
        var messages = files.SelectMany(f => f.MessageTypes).SelectMany(Nested).ToDictionary(m => m.FullName);
        var errorDetails = ServiceDefaults.ErrorDetails.Select(d => messages[d.FullName]).ToArray();
        var schemas = new ProtoSchemas(errorDetails);
        var services = files.SelectMany(f => f.Services)
            .Where(s => s.Methods.Any(m => HttpBinding.Of(m).Count > 0))
            .OrderBy(s => s.FullName, StringComparer.Ordinal)
            .ToArray();

        var paths = new JsonObject();
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            var bindings = HttpBinding.Of(method);
            for (var i = 0; i < bindings.Count; i++)
            {
                var template = PathTemplate.Parse(bindings[i].Template);
                if (paths[template.OpenApiPath] is not JsonObject item) paths[template.OpenApiPath] = item = new JsonObject();
                if (item.ContainsKey(bindings[i].Method))
                    throw new InvalidOperationException($"Two operations for {bindings[i].Method.ToUpperInvariant()} {template.OpenApiPath}; the second is {method.FullName}");
                item[bindings[i].Method] = OpenApiOperation.Build(method, bindings[i], i, template, schemas);
            }
        }

        var status = schemas.Message(messages[ProtoSchemas.StatusType]);
        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = "Mentoring platform API",
                ["version"] = "v1",
                ["description"] = OpenApiText.Introduction,
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "/",
                ["description"] = "The gateway that serves this document, at its own origin (REST on its HTTP/1.1 port: http://127.0.0.1:8080 after `./platform up`).",
            }),
            ["security"] = new JsonArray(
                new JsonObject { [OpenApiSecurity.OAuth2] = new JsonArray() },
                new JsonObject { [OpenApiSecurity.Bearer] = new JsonArray() }),
            ["tags"] = new JsonArray(services.Select(s => (JsonNode)Tag(s)).ToArray()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(),
                ["responses"] = new JsonObject
                {
                    [OpenApiOperation.ErrorResponse] = new JsonObject
                    {
                        ["description"] = OpenApiText.Errors,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = status } },
                    },
                },
                ["securitySchemes"] = OpenApiSecurity.Schemes(services),
            },
        };
    }

    private static JsonObject Tag(ServiceDescriptor service)
    {
        var tag = new JsonObject { ["name"] = service.Name };
        if (ProtoComments.Of(service) is { } text) tag["description"] = text;
        return tag;
    }

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Nested).Prepend(message);
}
