using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;

namespace Mentoring.Gateway.OpenApi;

/// <summary>The comments of the protos (from the descriptor set's source info) as plain text.</summary>
public static partial class ProtoComments
{
    /// <summary>The comment before a declaration (else the one after it on its line), without the <c>//</c> indentation; null when none.</summary>
    public static string? Of(DescriptorBase descriptor)
    {
        var declaration = descriptor.Declaration;
        if (declaration is null) return null;
        var raw = string.IsNullOrWhiteSpace(declaration.LeadingComments) ? declaration.TrailingComments : declaration.LeadingComments;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var lines = raw.Replace("\r\n", "\n").Split('\n')
            .Select(l => (l.StartsWith(' ') ? l[1..] : l).TrimEnd())
            .SkipWhile(l => l.Length == 0)
            .Reverse().SkipWhile(l => l.Length == 0).Reverse();
        return string.Join("\n", lines);
    }

    /// <summary>
    /// The first sentence of the first paragraph, on one line (an operation's summary). A full stop
    /// ends a sentence when a space or the end follows it, outside back-quotes, and not in "e.g.".
    /// </summary>
    public static string Summary(string text)
    {
        var paragraph = text.Split("\n\n")[0].Replace('\n', ' ');
        foreach (Match end in SentenceEnd().Matches(paragraph))
        {
            var before = paragraph[..end.Index];
            if (before.Count(c => c == '`') % 2 == 1) continue;
            if (before.EndsWith("e.g", StringComparison.Ordinal) || before.EndsWith("i.e", StringComparison.Ordinal)) continue;
            return before + end.Value.TrimEnd();
        }
        return paragraph.Trim();
    }

    [GeneratedRegex(@"[.!?](?=\s|$)")]
    private static partial Regex SentenceEnd();
}
