using System.Text;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Mentoring.IntegrationTests.Fuzz;

/// <summary>
/// Malformed REST calls for a transcoded method, generated from its <c>google.api.http</c> rule and
/// request descriptor: bodies that are not JSON or not UTF-8, unknown fields, wrong JSON types,
/// unknown enum names, out-of-range numbers, NUL and lone surrogates, oversize text, a wrong content
/// type; query parameters that are unknown or of the wrong type; a NUL in the path.
/// </summary>
public static partial class RestFuzzCases
{
    public static IEnumerable<RestFuzzCase> For(MethodDescriptor method)
    {
        if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule) yield break;
        var (verb, template) = Pattern(rule);
        if (template.Length == 0) yield break;
        var path = Path(template, "fuzz");
        var input = method.InputType;
        var routeFields = PathVariable().Matches(template).Select(m => m.Groups["field"].Value.Split('.')[0]).ToHashSet();

        // Kestrel itself refuses a NUL in the path (400, no body) before any application code runs.
        if (PathVariable().IsMatch(template))
            yield return new("NUL in the path", verb, Path(template, "fu%00zz"), Body(rule, "{}"), "application/json", Strict: false);

        if (rule.Body.Length > 0)
        {
            var target = rule.Body == "*" ? input : input.FindFieldByName(rule.Body).MessageType;
            static string Json(string members) => "{" + members + "}";
            yield return new("body is not JSON", verb, path, "{\"a\":"u8.ToArray(), "application/json", Strict: true);
            yield return new("body is not UTF-8", verb, path, [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], "application/json", Strict: true);
            yield return new("body is not an object", verb, path, "[1,2]"u8.ToArray(), "application/json", Strict: true);
            yield return new("unknown field", verb, path, Encoding.UTF8.GetBytes(Json("\"noSuchField\": 1")), "application/json", Strict: true);
            yield return new("text/plain body", verb, path, "{}"u8.ToArray(), "text/plain", Strict: true);
            foreach (var field in target.Fields.InFieldNumberOrder())
            {
                if (rule.Body == "*" && routeFields.Contains(field.Name)) continue;
                foreach (var (label, value, strict) in BadValues(field))
                    yield return new($"{field.JsonName}: {label}", verb, path, Encoding.UTF8.GetBytes(Json($"\"{field.JsonName}\": {value}")),
                        "application/json", strict);
            }
        }
        else
        {
            yield return new("unknown query parameter", verb, path + "?noSuchParameter=1", null, "application/json", Strict: true);
            foreach (var field in input.Fields.InFieldNumberOrder().Where(f => !routeFields.Contains(f.Name)))
            {
                if (field.FieldType == FieldType.String)
                {
                    yield return new($"?{field.JsonName} with NUL", verb, $"{path}?{field.JsonName}=a%00b", null, "application/json", Strict: true);
                    yield return new($"?{field.JsonName} not UTF-8", verb, $"{path}?{field.JsonName}=a%C3%28", null, "application/json", Strict: false);
                }
                else if (field.FieldType is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.Bool or FieldType.Enum)
                {
                    yield return new($"?{field.JsonName}=not-a-value", verb, $"{path}?{field.JsonName}=not-a-value", null, "application/json", Strict: true);
                    if (field.FieldType != FieldType.Bool)
                    {
                        yield return new($"?{field.JsonName}=-1", verb, $"{path}?{field.JsonName}=-1", null, "application/json", Strict: false);
                        yield return new($"?{field.JsonName} huge", verb, $"{path}?{field.JsonName}=99999999999999999999999", null, "application/json", Strict: true);
                    }
                }
                else if (field.FieldType == FieldType.Message && field.MessageType.FullName == "google.protobuf.Timestamp")
                    yield return new($"?{field.JsonName} not a time", verb, $"{path}?{field.JsonName}=yesterday", null, "application/json", Strict: true);
            }
        }
    }

    /// <summary>JSON values that do not fit the field (strict) or sit at the edge of its range (not strict).</summary>
    private static IEnumerable<(string, string, bool)> BadValues(FieldDescriptor field)
    {
        if (field.IsRepeated || field.IsMap)
        {
            yield return ("a string for a list", "\"x\"", true);
            if (field.FieldType == FieldType.String && !field.IsMap)
                yield return ("NUL in a list item", "[\"a\\u0000b\"]", true);
            yield break;
        }
        switch (field.FieldType)
        {
            case FieldType.String:
                yield return ("NUL", "\"a\\u0000b\"", true);
                yield return ("lone surrogate", "\"a\\ud800b\"", true);
                yield return ("oversize", "\"" + new string('x', 70_000) + "\"", true);
                yield return ("an object for a string", "{}", true);
                yield return ("a number for a string", "12", true);
                break;
            case FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64:
                yield return ("huge", "99999999999999999999999", true);
                yield return ("1e400", "1e400", true);
                yield return ("fraction", "1.5", true);
                yield return ("text", "\"many\"", true);
                yield return ("-1", "-1", false);
                yield return ("int max", "2147483647", false);
                break;
            case FieldType.Double or FieldType.Float:
                yield return ("text", "\"many\"", true);
                yield return ("-1e300", "-1e300", false);
                break;
            case FieldType.Bool:
                yield return ("a string for a bool", "\"yes\"", true);
                break;
            case FieldType.Enum:
                yield return ("unknown enum name", "\"NO_SUCH_VALUE\"", true);
                yield return ("unknown enum number", "99999", false);
                yield return ("an object for an enum", "{}", true);
                break;
            case FieldType.Bytes:
                yield return ("not base64", "\"***\"", true);
                break;
            case FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp":
                yield return ("not a timestamp", "\"yesterday\"", true);
                yield return ("a number for a timestamp", "5", true);
                break;
            case FieldType.Message when field.MessageType.FullName == "google.protobuf.FieldMask":
                yield return ("a number for a field mask", "5", true);
                break;
            case FieldType.Message when field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal):
                break;
            case FieldType.Message:
                yield return ("a string for an object", "\"x\"", true);
                yield return ("unknown nested field", "{\"noSuchField\": true}", true);
                foreach (var inner in field.MessageType.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String && !f.IsRepeated))
                    yield return ($"{inner.JsonName} with NUL", $"{{\"{inner.JsonName}\": \"a\\u0000b\"}}", true);
                break;
        }
    }

    private static byte[]? Body(HttpRule rule, string json) => rule.Body.Length > 0 ? Encoding.UTF8.GetBytes(json) : null;

    private static (string, string) Pattern(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
        HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
        HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
        HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
        _ => ("", ""),
    };

    /// <summary>The template with every <c>*</c> of its variables replaced by <paramref name="id"/>.</summary>
    private static string Path(string template, string id) =>
        PathVariable().Replace(template, m => m.Groups["pattern"].Success ? m.Groups["pattern"].Value.Replace("*", id) : id);

    [GeneratedRegex(@"\{(?<field>[a-z_]+(\.[a-z_]+)*)(=(?<pattern>[^}]+))?\}")]
    private static partial Regex PathVariable();
}
