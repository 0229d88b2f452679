using Google.Api;
using Google.Protobuf.Reflection;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// One REST binding of an RPC from its <c>google.api.http</c> option (the rule itself, then each of
/// its <c>additional_bindings</c>): the HTTP method in lower case, the path template, the body
/// (<c>*</c>, a field name, or empty for none) and the response body field (empty: the whole response).
/// Custom methods (<c>custom { kind }</c>) are not transcoded and have no binding.
/// </summary>
public sealed record HttpBinding(string Method, string Template, string Body, string ResponseBody)
{
    public static IReadOnlyList<HttpBinding> Of(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null || method.IsClientStreaming) return [];
        return new[] { rule }.Concat(rule.AdditionalBindings).Select(From).OfType<HttpBinding>().ToArray();
    }

    private static HttpBinding? From(HttpRule rule)
    {
        (string Method, string Path)? pattern = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("get", rule.Get),
            HttpRule.PatternOneofCase.Put => ("put", rule.Put),
            HttpRule.PatternOneofCase.Post => ("post", rule.Post),
            HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
            _ => null,
        };
        return pattern is { } p ? new HttpBinding(p.Method, p.Path, rule.Body, rule.ResponseBody) : null;
    }
}
