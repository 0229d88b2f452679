using System.Reflection;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Mentoring.Contracts;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// What the OpenAPI tests check the document against, read independently of the generator: every
/// service of the contracts assembly (the generated code's descriptors, which carry the options)
/// and each REST binding of its methods as <c>google.api.http</c> declares it.
/// </summary>
public static partial class ContractMethods
{
    public sealed record Binding(MethodDescriptor Method, string Verb, string Template, string Body, int Index)
    {
        /// <summary>The path with every variable's wildcards as <c>{}</c>: <c>/profile/v1/{name=people/*}:erase</c> → <c>/profile/v1/people/{}:erase</c>.</summary>
        public string Shape => Variable().Replace(Template, m =>
        {
            var pattern = m.Groups["pattern"].Success ? m.Groups["pattern"].Value : "*";
            return string.Join('/', pattern.Split('/').Select(s => s is "*" or "**" ? "{}" : s));
        });

        public string OperationId => $"{Method.Service.Name}_{Method.Name}" + (Index == 0 ? "" : $"_{Index + 1}");
    }

    public static IReadOnlyList<ServiceDescriptor> Services { get; } = typeof(ContractDescriptorSet).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
        .Select(p => (ServiceDescriptor)p!.GetValue(null)!)
        .OrderBy(s => s.FullName, StringComparer.Ordinal)
        .ToArray();

    public static IReadOnlyList<Binding> Bindings { get; } = Services.SelectMany(s => s.Methods).SelectMany(BindingsOf).ToArray();

    /// <summary>Every message and enum of the generated code (with options, without comments), by full name.</summary>
    public static IReadOnlyDictionary<string, MessageDescriptor> Messages { get; } = Services
        .Select(s => s.File).SelectMany(Closure).Distinct()
        .SelectMany(f => f.MessageTypes).SelectMany(Nested)
        .DistinctBy(m => m.FullName).ToDictionary(m => m.FullName);

    /// <summary>The document's path in the same shape (<c>{personId}</c> → <c>{}</c>).</summary>
    public static string ShapeOf(string openApiPath) => Parameter().Replace(openApiPath, "{}");

    private static IEnumerable<Binding> BindingsOf(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null) yield break;
        var index = 0;
        foreach (var r in new[] { rule }.Concat(rule.AdditionalBindings))
        {
            var (verb, template) = r.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", r.Get),
                HttpRule.PatternOneofCase.Put => ("put", r.Put),
                HttpRule.PatternOneofCase.Post => ("post", r.Post),
                HttpRule.PatternOneofCase.Delete => ("delete", r.Delete),
                HttpRule.PatternOneofCase.Patch => ("patch", r.Patch),
                _ => throw new InvalidOperationException($"{method.FullName}: a custom HTTP rule"),
            };
            yield return new Binding(method, verb, template, r.Body, index++);
        }
    }

    private static IEnumerable<FileDescriptor> Closure(FileDescriptor file) => file.Dependencies.SelectMany(Closure).Prepend(file);

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor m) => m.NestedTypes.SelectMany(Nested).Prepend(m);

    [GeneratedRegex(@"\{(?<field>[^}=]+)(=(?<pattern>[^}]*))?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
