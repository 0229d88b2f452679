using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Validation.Messages;

namespace Mentoring.BuildingBlocks.Validation.Rest;

/// <summary>
/// Checks a JSON document against a message's proto3 JSON mapping before the transcoder reads it,
/// so that every mistake becomes a field violation naming the field and why: unknown fields,
/// wrong types, unknown enum names, numbers out of range, malformed timestamps and durations,
/// invalid base64, two members of one oneof. Pure: no I/O. Field paths use proto names
/// (<c>person.skills[1].level</c>), like the validators.
/// </summary>
public static class JsonShape
{
    private const int MaxDepth = 64;

    public static void CheckMessage(JsonElement json, MessageDescriptor descriptor, string path, Violations violations) =>
        CheckMessage(json, descriptor, path, violations, 0);

    /// <summary>Checks one field's JSON value (a single value, an array for repeated fields, an object for maps).</summary>
    public static void CheckField(JsonElement json, FieldDescriptor field, string path, Violations violations) =>
        CheckFieldValue(json, field, path, violations, 0);

    private static void CheckMessage(JsonElement json, MessageDescriptor descriptor, string path, Violations violations, int depth)
    {
        if (depth > MaxDepth)
        {
            violations.Add(Label(path), "nests objects too deeply");
            return;
        }
        if (WellKnown(json, descriptor, path, violations, depth)) return;
        if (json.ValueKind != JsonValueKind.Object)
        {
            violations.Add(Label(path), $"must be a JSON object ({descriptor.Name})");
            return;
        }
        var setOneofs = new Dictionary<OneofDescriptor, string>();
        foreach (var property in json.EnumerateObject())
        {
            var field = Find(descriptor, property.Name);
            var fieldPath = Join(path, field?.Name ?? property.Name);
            if (field is null)
            {
                violations.Add(fieldPath, $"is not a field of {descriptor.FullName}");
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Null) continue; // null = the default value
            if (field.RealContainingOneof is { } oneof)
            {
                if (setOneofs.TryGetValue(oneof, out var other))
                    violations.Add(fieldPath, $"cannot be set together with {other} (one of {oneof.Name})");
                else setOneofs[oneof] = field.Name;
            }
            CheckFieldValue(property.Value, field, fieldPath, violations, depth + 1);
        }
    }

    /// <summary>A field by its JSON name (lowerCamelCase) or its proto name, as proto3 JSON parsers accept both.</summary>
    public static FieldDescriptor? Find(MessageDescriptor descriptor, string name) =>
        descriptor.Fields.InFieldNumberOrder().FirstOrDefault(f => f.JsonName == name || f.Name == name);

    private static void CheckFieldValue(JsonElement json, FieldDescriptor field, string path, Violations violations, int depth)
    {
        if (json.ValueKind == JsonValueKind.Null) return;
        if (field.IsMap)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                violations.Add(path, "must be a JSON object (a map)");
                return;
            }
            var key = field.MessageType.FindFieldByNumber(1);
            var value = field.MessageType.FindFieldByNumber(2);
            foreach (var entry in json.EnumerateObject())
            {
                var entryPath = $"{path}[\"{entry.Name}\"]";
                if (ScalarText(entry.Name, key) is { } keyProblem) violations.Add(entryPath + " (key)", keyProblem);
                if (entry.Value.ValueKind == JsonValueKind.Null) violations.Add(entryPath, "must not be null");
                else CheckSingle(entry.Value, value, entryPath, violations, depth);
            }
            return;
        }
        if (field.IsRepeated)
        {
            if (json.ValueKind != JsonValueKind.Array)
            {
                violations.Add(path, "must be a JSON array");
                return;
            }
            var i = 0;
            foreach (var item in json.EnumerateArray())
            {
                var itemPath = $"{path}[{i++}]";
                if (item.ValueKind == JsonValueKind.Null) violations.Add(itemPath, "must not be null");
                else CheckSingle(item, field, itemPath, violations, depth);
            }
            return;
        }
        CheckSingle(json, field, path, violations, depth);
    }

    private static void CheckSingle(JsonElement json, FieldDescriptor field, string path, Violations violations, int depth)
    {
        if (field.FieldType is FieldType.Message or FieldType.Group)
        {
            CheckMessage(json, field.MessageType, path, violations, depth + 1);
            return;
        }
        var problem = json.ValueKind switch
        {
            JsonValueKind.String => Text(json) is { } text ? ScalarText(text, field) : "must be valid Unicode text (an unpaired surrogate was found)",
            JsonValueKind.Number => ScalarNumber(json, field),
            JsonValueKind.True or JsonValueKind.False => field.FieldType == FieldType.Bool ? null : $"must be {Expected(field)}, not a boolean",
            _ => $"must be {Expected(field)}",
        };
        if (problem is not null) violations.Add(path, problem);
    }

    /// <summary>Why a string is not a valid value of a scalar field (or map key), or null. Also used for query parameters.</summary>
    public static string? ScalarText(string text, FieldDescriptor field)
    {
        if (field.FieldType is FieldType.Message or FieldType.Group)
            return WellKnownText(text, field.MessageType);
        if (field.FieldType == FieldType.String) return TextRules.Problem(text);
        var ok = field.FieldType switch
        {
            FieldType.Bool => text is "true" or "false",
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            FieldType.Double => text is "NaN" or "Infinity" or "-Infinity" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            FieldType.Float => text is "NaN" or "Infinity" or "-Infinity" ||
                (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && Math.Abs(f) <= float.MaxValue),
            FieldType.Bytes => IsBase64(text),
            FieldType.Enum => field.EnumType.FindValueByName(text) is not null ||
                int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (ok) return null;
        return field.FieldType == FieldType.Enum ? UnknownEnum(text, field.EnumType) : $"must be {Expected(field)}";
    }

    private static string? ScalarNumber(JsonElement json, FieldDescriptor field)
    {
        if (!json.TryGetDouble(out var number) || double.IsInfinity(number)) return $"must be {Expected(field)}";
        var integral = Math.Floor(number) == number;
        return field.FieldType switch
        {
            FieldType.Double => null,
            FieldType.Float => Math.Abs(number) <= float.MaxValue ? null : "is out of range for a float",
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Enum =>
                integral && number is >= int.MinValue and <= int.MaxValue ? null : $"must be {Expected(field)} (an integer from {int.MinValue} to {int.MaxValue})",
            FieldType.UInt32 or FieldType.Fixed32 =>
                integral && number is >= 0 and <= uint.MaxValue ? null : $"must be {Expected(field)} (an integer from 0 to {uint.MaxValue})",
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 =>
                json.TryGetInt64(out _) ? null : $"must be {Expected(field)} (a 64-bit integer; send large values as strings)",
            FieldType.UInt64 or FieldType.Fixed64 =>
                json.TryGetUInt64(out _) ? null : $"must be {Expected(field)} (an unsigned 64-bit integer)",
            _ => $"must be {Expected(field)}, not a number",
        };
    }

    /// <summary>Well-known types have their own JSON forms. Returns true when <paramref name="descriptor"/> is one.</summary>
    private static bool WellKnown(JsonElement json, MessageDescriptor descriptor, string path, Violations violations, int depth)
    {
        switch (descriptor.FullName)
        {
            case "google.protobuf.Struct":
                if (json.ValueKind != JsonValueKind.Object) violations.Add(Label(path), "must be a JSON object");
                return true;
            case "google.protobuf.ListValue":
                if (json.ValueKind != JsonValueKind.Array) violations.Add(Label(path), "must be a JSON array");
                return true;
            case "google.protobuf.Value":
                return true;
            case "google.protobuf.Any":
                if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("@type", out _))
                    violations.Add(Label(path), "must be a JSON object with an \"@type\"");
                return true;
            case "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask":
                if (json.ValueKind != JsonValueKind.String) violations.Add(Label(path), "must be a string: " + WellKnownForm(descriptor));
                else if (Text(json) is not { } text) violations.Add(Label(path), "must be valid Unicode text");
                else if (WellKnownText(text, descriptor) is { } problem) violations.Add(Label(path), problem);
                return true;
        }
        if (descriptor.File == WrappersReflection.Descriptor)
        {
            CheckSingle(json, descriptor.FindFieldByNumber(1), path, violations, depth);
            return true;
        }
        return false;
    }

    private static string? WellKnownText(string text, MessageDescriptor descriptor)
    {
        if (descriptor.File == WrappersReflection.Descriptor) return ScalarText(text, descriptor.FindFieldByNumber(1));
        if (descriptor.FullName is not ("google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask"))
            return "must be a JSON object, not a string";
        try
        {
            JsonParser.Default.Parse("\"" + JsonEncodedText.Encode(text).Value + "\"", descriptor);
            return null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or ArgumentException)
        {
            return "must be " + WellKnownForm(descriptor);
        }
    }

    private static string WellKnownForm(MessageDescriptor descriptor) => descriptor.FullName switch
    {
        "google.protobuf.Timestamp" => "an RFC 3339 timestamp in UTC, such as \"2027-01-31T09:30:00Z\"",
        "google.protobuf.Duration" => "a duration in seconds with the suffix s, such as \"3600s\" or \"1.5s\"",
        "google.protobuf.FieldMask" => "comma-separated field paths, such as \"displayName,email\"",
        _ => descriptor.Name,
    };

    private static string UnknownEnum(string text, EnumDescriptor type)
    {
        var names = type.Values.Where(v => v.Number != 0).Select(v => v.Name).ToList();
        var shown = names.Count <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + ", …";
        var echo = text.Length <= 64 && TextRules.Problem(text) is null ? $"\"{text}\" " : "";
        return $"{echo}is not a value of {type.FullName}; expected one of {shown}";
    }

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "a string",
        FieldType.Bool => "true or false",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "a 32-bit integer",
        FieldType.UInt32 or FieldType.Fixed32 => "an unsigned 32-bit integer",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => "a 64-bit integer (a number or a string)",
        FieldType.UInt64 or FieldType.Fixed64 => "an unsigned 64-bit integer (a number or a string)",
        FieldType.Double or FieldType.Float => "a number",
        FieldType.Bytes => "base64-encoded bytes",
        FieldType.Enum => $"a value of {field.EnumType.FullName} (its name as a string)",
        _ => "a JSON object",
    };

    private static bool IsBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        return Convert.TryFromBase64String(standard, new byte[standard.Length], out _);
    }

    // JsonElement.GetString throws for escaped unpaired surrogates ("\ud800").
    private static string? Text(JsonElement json)
    {
        try { return json.GetString(); }
        catch (InvalidOperationException) { return null; }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Label(string path) => path.Length == 0 ? "body" : path;
}
