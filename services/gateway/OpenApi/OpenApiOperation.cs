using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// One operation of the document from an RPC's REST binding, as the JSON transcoder binds a request:
/// path variables from the template; the body (<c>*</c>: the request minus the path-bound fields;
/// a field name: that field); every other field as a query parameter, nested messages flattened as
/// <c>a.b</c> (maps, repeated messages and free-form types cannot be query parameters). The 200
/// response is the response message (or its <c>response_body</c> field); any error is the
/// <c>google.rpc.Status</c> JSON (<c>components.responses.Error</c>).
/// </summary>
public static class OpenApiOperation
{
    public const string ErrorResponse = "Error";

    public static string OperationId(MethodDescriptor method, int binding) =>
        $"{method.Service.Name}_{method.Name}" + (binding == 0 ? "" : $"_{binding + 1}");

    public static JsonObject Build(MethodDescriptor method, HttpBinding binding, int index, PathTemplate template, ProtoSchemas schemas)
    {
        var request = method.InputType;
        var comment = ProtoComments.Of(method);
        var operation = new JsonObject
        {
            ["operationId"] = OperationId(method, index),
            ["tags"] = new JsonArray(method.Service.Name),
            ["summary"] = comment is null ? method.Name : ProtoComments.Summary(comment),
            ["description"] = ProtoSchemas.Join(comment, Transcoding(method, binding)),
        };

        var parameters = new JsonArray();
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in template.Variables)
        {
            var fields = Resolve(request, variable.FieldPath, method);
            bound.Add(variable.FieldPath);
            foreach (var p in variable.Parameters) parameters.Add(PathParameter(variable, p, fields[^1]));
        }

        FieldDescriptor? bodyField = null;
        JsonObject? body = null;
        if (binding.Body == "*")
        {
            body = Body(RequestBodySchema(method, bound, schemas), ProtoComments.Of(request), required: true);
        }
        else if (binding.Body.Length > 0)
        {
            bodyField = request.FindFieldByName(binding.Body)
                ?? throw new InvalidOperationException($"{method.FullName}: body field {binding.Body} is not in {request.FullName}");
            var required = ProtoSchemas.Behaviors(bodyField).Contains(FieldBehavior.Required);
            body = Body(schemas.Value(bodyField), ProtoComments.Of(bodyField), required);
        }

        if (binding.Body != "*")
            foreach (var field in request.Fields.InDeclarationOrder().Where(f => f != bodyField))
                AddQueryParameters(parameters, field, "", "", bound, topLevel: true, [request.FullName], schemas);

        if (parameters.Count > 0) operation["parameters"] = parameters;
        if (body is not null) operation["requestBody"] = body;
        operation["responses"] = new JsonObject
        {
            ["200"] = Success(method, binding, schemas),
            ["default"] = new JsonObject { ["$ref"] = "#/components/responses/" + ErrorResponse },
        };
        return operation;
    }

    private static string Transcoding(MethodDescriptor method, HttpBinding binding)
    {
        var body = binding.Body switch { "" => "no body", "*" => "body `*`", var f => $"body `{f}`" };
        return $"gRPC `{method.Service.FullName}/{method.Name}`; REST `{binding.Method.ToUpperInvariant()} {binding.Template}`, {body}.";
    }

    /// <summary>The chain of fields a dotted proto path names (<c>person.name</c>: person, then name).</summary>
    private static IReadOnlyList<FieldDescriptor> Resolve(MessageDescriptor request, string path, MethodDescriptor method)
    {
        var fields = new List<FieldDescriptor>();
        var message = request;
        foreach (var part in path.Split('.'))
        {
            var field = message?.FindFieldByName(part)
                ?? throw new InvalidOperationException($"{method.FullName}: path variable {path} is not a field of {request.FullName}");
            fields.Add(field);
            message = field.FieldType == FieldType.Message ? field.MessageType : null;
        }
        return fields;
    }

    private static JsonObject PathParameter(PathVariable variable, PathParameter parameter, FieldDescriptor field)
    {
        var part = variable.Value == "{" + parameter.Name + "}"
            ? $"The request field `{variable.FieldPath}`."
            : $"Part of the request field `{variable.FieldPath}`, which the server receives as `{variable.Value}` (template `{{{variable.FieldPath}={variable.Pattern}}}`).";
        var schema = new JsonObject { ["type"] = "string" };
        if (!parameter.MultiSegment) schema["pattern"] = "^[^/]+$";
        return new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = "path",
            ["required"] = true,
            ["description"] = ProtoSchemas.Join(part, parameter.MultiSegment ? "May span several segments." : null, ProtoComments.Of(field)),
            ["schema"] = schema,
        };
    }

    /// <summary>Body <c>*</c>: the request message itself, or without its path-bound top-level fields.</summary>
    private static JsonObject RequestBodySchema(MethodDescriptor method, HashSet<string> bound, ProtoSchemas schemas)
    {
        var request = method.InputType;
        if (!request.Fields.InDeclarationOrder().Any(f => bound.Contains(f.Name))) return schemas.Message(request);
        return schemas.Component($"{method.Service.FullName}.{method.Name}.Body", () => schemas.Object(request,
            f => !bound.Contains(f.Name),
            ProtoSchemas.Join(ProtoComments.Of(request), $"The fields of `{request.FullName}` not given in the path.")));
    }

    private static JsonObject Body(JsonObject schema, string? description, bool required)
    {
        var body = new JsonObject();
        if (description is not null) body["description"] = description;
        body["required"] = required;
        body["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } };
        return body;
    }

    private static void AddQueryParameters(
        JsonArray parameters, FieldDescriptor field, string protoPrefix, string jsonPrefix, HashSet<string> bound,
        bool topLevel, IReadOnlyList<string> enclosing, ProtoSchemas schemas)
    {
        var protoPath = protoPrefix + field.Name;
        if (bound.Contains(protoPath) || field.IsMap) return;
        var behaviors = ProtoSchemas.Behaviors(field);
        if (behaviors.Contains(FieldBehavior.OutputOnly)) return;
        var name = jsonPrefix + field.JsonName;
        if (field.FieldType == FieldType.Message && !WellKnownTypes.IsQueryable(field.MessageType))
        {
            var message = field.MessageType;
            if (field.IsRepeated || WellKnownTypes.Schema(message) is not null || message.FullName == WellKnownTypes.Any) return;
            if (enclosing.Contains(message.FullName)) return; // a recursive type: no end to its paths
            foreach (var inner in message.Fields.InDeclarationOrder())
                AddQueryParameters(parameters, inner, protoPath + ".", name + ".", bound, topLevel: false, [.. enclosing, message.FullName], schemas);
            return;
        }
        var parameter = new JsonObject { ["name"] = name, ["in"] = "query" };
        if (ProtoSchemas.Join(ProtoComments.Of(field),
                field.FieldType == FieldType.Message ? WellKnownTypes.Note(field.MessageType) : null,
                field.IsRepeated ? "Repeat the parameter for each value." : null) is { } description)
            parameter["description"] = description;
        if (topLevel && behaviors.Contains(FieldBehavior.Required)) parameter["required"] = true;
        parameter["schema"] = schemas.Value(field);
        parameters.Add(parameter);
    }

    private static JsonObject Success(MethodDescriptor method, HttpBinding binding, ProtoSchemas schemas)
    {
        var response = method.OutputType;
        // google.api.HttpBody: the transcoder answers with its bytes and content type, not JSON.
        if (response.FullName == "google.api.HttpBody")
            return new JsonObject
            {
                ["description"] = ProtoComments.Of(method) is { } what ? ProtoComments.Summary(what) : "The response body.",
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } } },
            };
        JsonObject schema;
        string description;
        if (binding.ResponseBody.Length > 0)
        {
            var field = response.FindFieldByName(binding.ResponseBody)
                ?? throw new InvalidOperationException($"{method.FullName}: response body field {binding.ResponseBody} is not in {response.FullName}");
            schema = schemas.Value(field);
            description = ProtoComments.Of(field) ?? $"The `{binding.ResponseBody}` of `{response.FullName}`.";
        }
        else
        {
            schema = schemas.Message(response);
            description = response.FullName == "google.protobuf.Empty"
                ? "Done: an empty JSON object."
                : ProtoComments.Of(response) is { } text ? ProtoComments.Summary(text) : $"A `{response.FullName}`.";
        }
        return new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
        };
    }
}
