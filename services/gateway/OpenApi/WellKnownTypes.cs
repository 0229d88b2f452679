using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// The proto3 JSON mapping of the well-known types that are not plain messages on the wire:
/// Timestamp (RFC 3339 string), Duration (<c>"1.5s"</c>), FieldMask (<c>"a,b.c"</c>), the wrappers
/// (their value or null; 64-bit integers as strings), Struct, Value, ListValue and Empty.
/// <c>google.protobuf.Any</c> is a component of its own (<see cref="ProtoSchemas"/>).
/// </summary>
public static class WellKnownTypes
{
    public const string Any = "google.protobuf.Any";

    /// <summary>The inline schema of a well-known type; null for other messages.</summary>
    public static JsonObject? Schema(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject
        {
            ["type"] = "string", ["pattern"] = @"^-?[0-9]+(\.[0-9]{1,9})?s$", ["example"] = "3600s",
        },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string" },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        "google.protobuf.Value" => new JsonObject { ["nullable"] = true },
        "google.protobuf.ListValue" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
        "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
        "google.protobuf.DoubleValue" => Nullable("number", "double"),
        "google.protobuf.FloatValue" => Nullable("number", "float"),
        "google.protobuf.Int64Value" => Nullable("string", "int64"),
        "google.protobuf.UInt64Value" => Nullable("string", "uint64"),
        "google.protobuf.Int32Value" => Nullable("integer", "int32"),
        "google.protobuf.UInt32Value" => Nullable("integer", "int64"),
        "google.protobuf.BoolValue" => Nullable("boolean", null),
        "google.protobuf.StringValue" => Nullable("string", null),
        "google.protobuf.BytesValue" => Nullable("string", "byte"),
        _ => null,
    };

    /// <summary>What a reader needs to know about the type's JSON form, added to a field's description.</summary>
    public static string? Note(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => "An RFC 3339 date-time, e.g. `2026-03-02T09:30:00Z`.",
        "google.protobuf.Duration" => "Seconds with up to nine fractional digits and the suffix `s`, e.g. `3600s` or `1.5s`.",
        "google.protobuf.FieldMask" => "Field paths in lowerCamelCase separated by commas, e.g. `displayName,email`.",
        "google.protobuf.Struct" => "Any JSON object.",
        "google.protobuf.Value" => "Any JSON value.",
        "google.protobuf.ListValue" => "Any JSON array.",
        "google.protobuf.Empty" => "An empty JSON object.",
        _ when IsWrapper(message) => "`null` when unset.",
        _ => null,
    };

    /// <summary>Whether a field of this type can be a query parameter: it has a single-string (or scalar) JSON form.</summary>
    public static bool IsQueryable(MessageDescriptor message) =>
        message.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask" || IsWrapper(message);

    private static bool IsWrapper(MessageDescriptor message) =>
        message.File.Package == "google.protobuf" && message.File.Name == "google/protobuf/wrappers.proto";

    private static JsonObject Nullable(string type, string? format)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null) schema["format"] = format;
        schema["nullable"] = true;
        return schema;
    }
}
