using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using BadRequest = Google.Rpc.BadRequest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Mentoring.BuildingBlocks.Validation.Rest;

/// <summary>
/// Checks every transcoded REST request before the transcoder reads it: the body against the
/// method's request message (<see cref="JsonShape"/>), each query parameter against the field it
/// binds to. What does not fit is refused with HTTP 400 and a <c>google.rpc.Status</c> whose
/// <c>BadRequest</c> names each field and why — the same body a validator's INVALID_ARGUMENT gets.
/// Unknown body fields and unknown query parameters are refused (a typo must not be silently
/// ignored); an empty body is read as <c>{}</c>.
/// </summary>
public static class TranscodedRequestValidation
{
    private static readonly JsonFormatter StatusFormatter =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(BadRequest.Descriptor)));

    public static IApplicationBuilder UseTranscodedRequestValidation(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } route)
        {
            await next(http);
            return;
        }
        var violations = new Violations();
        var rule = route.HttpRule;
        var input = route.MethodDescriptor.InputType;
        await CheckBodyAsync(http, rule, input, violations);
        CheckQuery(http.Request.Query, rule, input, violations);
        if (violations.Items.Count > 0)
        {
            await WriteAsync(http.Response, violations);
            return;
        }
        await next(http);
    });

    private static async Task CheckBodyAsync(HttpContext http, HttpRule rule, MessageDescriptor input, Violations violations)
    {
        if (string.IsNullOrEmpty(rule.Body)) return;
        var request = http.Request;
        // Read once; the transcoder then reads the same bytes from memory (the size is bounded by Kestrel's limit).
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        buffer.Position = 0;
        request.Body = buffer;
        http.Response.RegisterForDispose(buffer);
        if (buffer.Length == 0)
        {
            request.Body = new MemoryStream("{}"u8.ToArray());
            request.ContentType ??= "application/json";
            return;
        }
        if (!IsUtf8Json(request.ContentType))
        {
            violations.Add("Content-Type", "must be application/json (UTF-8)");
            return;
        }
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            violations.Add("body", "is not valid UTF-8");
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            violations.Add("body", $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
            return;
        }
        using (document)
        {
            if (rule.Body == "*")
            {
                JsonShape.CheckMessage(document.RootElement, input, "", violations);
                return;
            }
            var field = input.FindFieldByName(rule.Body);
            if (field is not null) JsonShape.CheckField(document.RootElement, field, field.Name, violations);
        }
    }

    private static void CheckQuery(IQueryCollection query, HttpRule rule, MessageDescriptor input, Violations violations)
    {
        var routeFields = RouteFields(rule);
        foreach (var (key, values) in query)
        {
            if (rule.Body == "*")
            {
                violations.Add(key, "is not a query parameter of this method (send it in the body)");
                continue;
            }
            var path = Resolve(input, key);
            if (path is null || routeFields.Contains(path[0].Name) || (rule.Body.Length > 0 && path[0].Name == rule.Body))
            {
                violations.Add(key, "is not a query parameter of this method");
                continue;
            }
            var field = path[^1];
            var name = string.Join('.', path.Select(f => f.Name));
            var leafIsMessage = field.FieldType == FieldType.Message && !IsScalarLike(field.MessageType);
            if (leafIsMessage || field.IsMap)
            {
                violations.Add(name, "cannot be given as a query parameter (name one of its fields)");
                continue;
            }
            if (values.Count > 1 && !field.IsRepeated)
            {
                violations.Add(name, "is given more than once");
                continue;
            }
            foreach (var value in values)
                if (JsonShape.ScalarText(value ?? "", field) is { } problem) violations.Add(name, problem);
        }
    }

    /// <summary>Fields along a dotted query key (JSON or proto names), or null when a segment is unknown.</summary>
    private static List<FieldDescriptor>? Resolve(MessageDescriptor message, string key)
    {
        var path = new List<FieldDescriptor>();
        var current = message;
        foreach (var segment in key.Split('.'))
        {
            if (current is null || JsonShape.Find(current, segment) is not { } field) return null;
            path.Add(field);
            current = field.FieldType == FieldType.Message && !field.IsRepeated ? field.MessageType : null;
        }
        return path;
    }

    private static bool IsScalarLike(MessageDescriptor message) =>
        message.File == Google.Protobuf.WellKnownTypes.WrappersReflection.Descriptor ||
        message.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask";

    /// <summary>Top-level fields bound by the path template (<c>{name=people/*}</c> binds <c>name</c>).</summary>
    private static HashSet<string> RouteFields(HttpRule rule)
    {
        var template = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(template, @"\{([^}=]+)"))
            fields.Add(m.Groups[1].Value.Split('.')[0]);
        return fields;
    }

    private static bool IsUtf8Json(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var json = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                   media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        return json && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>HTTP 400 with the <c>google.rpc.Status</c> JSON the transcoder writes for INVALID_ARGUMENT.</summary>
    public static Task WriteAsync(HttpResponse response, Violations violations)
    {
        var status = violations.ToStatus();
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(StatusFormatter.Format(status), Encoding.UTF8);
    }
}
