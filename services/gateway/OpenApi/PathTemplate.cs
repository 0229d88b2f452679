using System.Text;

namespace Mentoring.Gateway.OpenApi;

/// <summary>
/// A <c>google.api.http</c> path template as an OpenAPI path. A variable's literal segments stay in
/// the path and each wildcard becomes a path parameter named after the collection before it, so
/// <c>/profile/v1/{name=people/*}:erase</c> is <c>/profile/v1/people/{personId}:erase</c> and the
/// transcoder rebuilds <c>name</c> as <c>people/{personId}</c>. (Keeping <c>{name}</c> whole would
/// give <c>GetPerson</c>, <c>GetCompetency</c> and <c>GetAvailability</c> one path, and a parameter
/// whose value holds slashes.) A variable without a pattern (<c>{name}</c>) is one segment.
/// </summary>
public sealed record PathTemplate(string Template, string OpenApiPath, IReadOnlyList<PathVariable> Variables)
{
    public static PathTemplate Parse(string template)
    {
        var path = new StringBuilder();
        var variables = new List<PathVariable>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Length;)
        {
            if (template[i] != '{')
            {
                path.Append(template[i++]);
                continue;
            }
            var close = template.IndexOf('}', i);
            if (close < 0) throw new FormatException($"Unclosed variable in the path template {template}");
            var inner = template[(i + 1)..close];
            var eq = inner.IndexOf('=');
            var field = eq < 0 ? inner : inner[..eq];
            var pattern = eq < 0 ? "*" : inner[(eq + 1)..];
            var parameters = new List<PathParameter>();
            var segments = pattern.Split('/');
            var expanded = new List<string>();
            for (var s = 0; s < segments.Length; s++)
            {
                var segment = segments[s];
                if (segment is not ("*" or "**"))
                {
                    expanded.Add(segment);
                    continue;
                }
                var name = Unique(ParameterName(field, s > 0 ? segments[s - 1] : null), used);
                parameters.Add(new PathParameter(name, MultiSegment: segment == "**"));
                expanded.Add("{" + name + "}");
            }
            path.Append(string.Join('/', expanded));
            // The value the transcoder assembles: the pattern with each wildcard named.
            var k = 0;
            var value = string.Join('/', segments.Select(seg => seg is "*" or "**" ? "{" + parameters[k++].Name + "}" : seg));
            variables.Add(new PathVariable(field, pattern, value, parameters));
            i = close + 1;
        }
        return new PathTemplate(template, path.ToString(), variables);
    }

    /// <summary><c>people</c> → <c>personId</c>, <c>competencies</c> → <c>competencyId</c>, <c>runs</c> → <c>runId</c>; without a collection, the field's last part.</summary>
    private static string ParameterName(string field, string? collection)
    {
        if (collection is null || collection.Length == 0 || collection.Contains('*'))
        {
            var last = field[(field.LastIndexOf('.') + 1)..];
            return CamelCase(last);
        }
        var singular = collection switch
        {
            "people" => "person",
            _ when collection.EndsWith("ies", StringComparison.Ordinal) => collection[..^3] + "y",
            _ when collection.EndsWith('s') => collection[..^1],
            _ => collection,
        };
        return CamelCase(singular) + "Id";
    }

    private static string CamelCase(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0 ? char.ToLowerInvariant(p[0]) + p[1..] : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++) candidate = name + n;
        return candidate;
    }
}

/// <summary>
/// One variable of a template: the request field it binds (proto names, e.g. <c>person.name</c>),
/// its pattern (<c>people/*</c>), the value the transcoder assembles (<c>people/{personId}</c>)
/// and the path parameters that make it up.
/// </summary>
public sealed record PathVariable(string FieldPath, string Pattern, string Value, IReadOnlyList<PathParameter> Parameters);

/// <summary>A path parameter; a multi-segment one (<c>**</c>) may hold slashes.</summary>
public sealed record PathParameter(string Name, bool MultiSegment);
