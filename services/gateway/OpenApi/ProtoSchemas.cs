using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// JSON schemas of proto messages and enums in their proto3 JSON form, collected as the document's
/// components (named by full proto name) as operations refer to them. Fields are lowerCamelCase;
/// comments become descriptions; <c>REQUIRED</c> fields are listed in <c>required</c>,
/// <c>OUTPUT_ONLY</c> ones are <c>readOnly</c>, <c>INPUT_ONLY</c> ones <c>writeOnly</c>, and
/// <c>IMMUTABLE</c> and <c>IDENTIFIER</c> are said in the description. Enums are their value
/// names; 64-bit integers are strings.
/// </summary>
public sealed class ProtoSchemas(IReadOnlyList<MessageDescriptor> errorDetails)
{
    public const string StatusType = "google.rpc.Status";
    private const string RefPrefix = "#/components/schemas/";

    // Null while a component is being built, so that recursive types can refer to it.
    private readonly SortedDictionary<string, JsonObject?> components = new(StringComparer.Ordinal);

    public static JsonObject Ref(string component) => new() { ["$ref"] = RefPrefix + component };

    /// <summary>The components collected so far, by name.</summary>
    public JsonObject Components()
    {
        var all = new JsonObject();
        foreach (var (name, schema) in components) all[name] = schema!.DeepClone();
        return all;
    }

    /// <summary>A component built once under <paramref name="name"/>; returns a reference to it.</summary>
    public JsonObject Component(string name, Func<JsonObject> build)
    {
        if (!components.ContainsKey(name))
        {
            components[name] = null;
            components[name] = build();
        }
        return Ref(name);
    }

    /// <summary>A value of a message type: a reference to its component, or a well-known type's JSON form.</summary>
    public JsonObject Message(MessageDescriptor message) =>
        WellKnownTypes.Schema(message) ?? message.FullName switch
        {
            WellKnownTypes.Any => Component(WellKnownTypes.Any, AnySchema),
            StatusType => Component(StatusType, () => StatusSchema(message)),
            _ => Component(message.FullName, () => Object(message, _ => true)),
        };

    /// <summary>An object schema of the message's fields that <paramref name="include"/> keeps.</summary>
    public JsonObject Object(MessageDescriptor message, Func<FieldDescriptor, bool> include, string? description = null)
    {
        var schema = new JsonObject { ["type"] = "object" };
        if ((description ?? ProtoComments.Of(message)) is { } text) schema["description"] = text;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in message.Fields.InDeclarationOrder().Where(include))
        {
            properties[field.JsonName] = Field(field);
            if (Behaviors(field).Contains(FieldBehavior.Required)) required.Add(field.JsonName);
        }
        if (properties.Count > 0) schema["properties"] = properties;
        if (required.Count > 0) schema["required"] = required;
        return schema;
    }

    /// <summary>A field as a property: its value schema with the field's description and behaviour.</summary>
    public JsonObject Field(FieldDescriptor field)
    {
        var schema = Value(field);
        var behaviors = Behaviors(field);
        var description = Join(ProtoComments.Of(field), TypeNote(field), BehaviorNote(behaviors), OneofNote(field));
        var readOnly = behaviors.Contains(FieldBehavior.OutputOnly);
        var writeOnly = behaviors.Contains(FieldBehavior.InputOnly);
        if (schema.ContainsKey("$ref"))
        {
            if (description is null && !readOnly && !writeOnly) return schema;
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) }; // OpenAPI 3.0 ignores siblings of $ref
        }
        if (description is not null) schema["description"] = description;
        if (readOnly) schema["readOnly"] = true;
        if (writeOnly) schema["writeOnly"] = true;
        return schema;
    }

    /// <summary>The field's value without its description: a map, an array or a single value.</summary>
    public JsonObject Value(FieldDescriptor field)
    {
        if (field.IsMap)
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Single(field.MessageType.FindFieldByNumber(2)) };
        if (field.IsRepeated) return new JsonObject { ["type"] = "array", ["items"] = Single(field) };
        return Single(field);
    }

    public static IReadOnlyCollection<FieldBehavior> Behaviors(FieldDescriptor field) =>
        (IReadOnlyCollection<FieldBehavior>?)field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];

    private JsonObject Single(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Double => Scalar("number", "double"),
        FieldType.Float => Scalar("number", "float"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Scalar("string", "int64"),
        FieldType.UInt64 or FieldType.Fixed64 => Scalar("string", "uint64"),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Scalar("integer", "int32"),
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue },
        FieldType.Bool => Scalar("boolean", null),
        FieldType.String => Scalar("string", null),
        FieldType.Bytes => Scalar("string", "byte"),
        FieldType.Enum => Enum(field.EnumType),
        FieldType.Message or FieldType.Group => Message(field.MessageType),
        _ => throw new NotSupportedException($"Field type {field.FieldType} of {field.FullName}"),
    };

    private JsonObject Enum(EnumDescriptor e) => e.FullName == "google.protobuf.NullValue"
        ? new JsonObject { ["nullable"] = true, ["description"] = "JSON `null`." }
        : Component(e.FullName, () =>
        {
            var values = string.Join("\n", e.Values.Select(v =>
                $"- `{v.Name}`" + (ProtoComments.Of(v) is { } c ? ": " + c.Replace('\n', ' ') : "")));
            return new JsonObject
            {
                ["type"] = "string",
                ["description"] = Join(ProtoComments.Of(e), "Values:\n\n" + values),
                ["enum"] = new JsonArray(e.Values.Select(v => (JsonNode)JsonValue.Create(v.Name)).ToArray()),
            };
        });

    private static JsonObject AnySchema() => new()
    {
        ["type"] = "object",
        ["description"] = "Any message, as JSON: its type in `@type`, then its fields (or, for a well-known type, its JSON form in `value`).",
        ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string", ["description"] = "`type.googleapis.com/` and the message's full name." } },
        ["required"] = new JsonArray("@type"),
        ["additionalProperties"] = true,
    };

    /// <summary><c>google.rpc.Status</c>, its <c>details</c> listing the error details the services send.</summary>
    private JsonObject StatusSchema(MessageDescriptor status)
    {
        var schema = Object(status, _ => true);
        var alternatives = new JsonArray();
        foreach (var detail in errorDetails) alternatives.Add(Component(detail.FullName, () => ErrorDetailSchema(detail)));
        alternatives.Add(Message(status.FindFieldByName("details").MessageType));
        var details = schema["properties"]!["details"]!.AsObject();
        details["items"] = new JsonObject { ["anyOf"] = alternatives };
        details["description"] = Join(details["description"]?.GetValue<string>(),
            "Bad input comes with a `google.rpc.BadRequest` listing each field violation.");
        return schema;
    }

    /// <summary>An error detail as it appears packed in <c>details</c>: <c>@type</c>, then its fields.</summary>
    private JsonObject ErrorDetailSchema(MessageDescriptor detail)
    {
        var typeUrl = "type.googleapis.com/" + detail.FullName;
        var schema = Object(detail, _ => true);
        var properties = new JsonObject
        {
            ["@type"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(typeUrl) },
        };
        if (schema["properties"] is JsonObject fields)
            foreach (var (name, value) in fields.ToArray())
            {
                fields.Remove(name);
                properties[name] = value;
            }
        schema["properties"] = properties;
        var required = schema["required"] as JsonArray ?? [];
        schema.Remove("required");
        required.Insert(0, "@type");
        schema["required"] = required;
        return schema;
    }

    private static JsonObject Scalar(string type, string? format)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null) schema["format"] = format;
        return schema;
    }

    private static string? TypeNote(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            var key = field.MessageType.FindFieldByNumber(1);
            return key.FieldType == FieldType.String ? null : $"Keys are {key.FieldType.ToString().ToLowerInvariant()} numbers written as strings.";
        }
        return field.FieldType == FieldType.Message ? WellKnownTypes.Note(field.MessageType) : null;
    }

    private static string? BehaviorNote(IReadOnlyCollection<FieldBehavior> behaviors) => Join(
        behaviors.Contains(FieldBehavior.Immutable) ? "Immutable: set when the resource is created, never changed afterwards." : null,
        behaviors.Contains(FieldBehavior.Identifier) ? "Identifier: the resource name, assigned by the server; it names the resource to update." : null);

    private static string? OneofNote(FieldDescriptor field) =>
        field.ContainingOneof is { IsSynthetic: false } oneof
            ? $"Part of `{oneof.Name}`: at most one of {string.Join(", ", oneof.Fields.Select(f => $"`{f.JsonName}`"))} is set."
            : null;

    public static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return present.Length == 0 ? null : string.Join("\n\n", present);
    }
}
