using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mentoring.BuildingBlocks.Validation.Messages;

/// <summary>
/// Walks a parsed message by its descriptor and reports every string that breaks
/// <see cref="TextRules"/> — in any field, repeated element, map key or value, at any depth — with
/// its path in proto field names (<c>person.skills[2].name</c>, <c>labels["k"]</c>), the way the
/// validators name fields.
/// </summary>
public static class MessageTextScanner
{
    private const int MaxDepth = 64;

    public static Violations Scan(IMessage message, Violations? into = null)
    {
        var violations = into ?? new Violations();
        ScanMessage(message, "", violations, 0);
        return violations;
    }

    private static void ScanMessage(IMessage message, string prefix, Violations violations, int depth)
    {
        if (depth > MaxDepth) return; // the parser's recursion limit already stops deeper input
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType is not (FieldType.String or FieldType.Message or FieldType.Group)) continue;
            var path = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                if (value is not System.Collections.IDictionary map) continue;
                var mapEntry = field.MessageType;
                var keyIsText = mapEntry.FindFieldByNumber(1).FieldType == FieldType.String;
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    var key = entry.Key?.ToString() ?? "";
                    var keyText = keyIsText ? KeyLabel(key) : key;
                    if (keyIsText && TextRules.Problem(key) is { } keyProblem) violations.Add($"{path}[{keyText}] (key)", keyProblem);
                    ScanValue(entry.Value, $"{path}[{keyText}]", violations, depth);
                }
            }
            else if (field.IsRepeated)
            {
                if (value is not System.Collections.IList list) continue;
                for (var i = 0; i < list.Count; i++) ScanValue(list[i], $"{path}[{i}]", violations, depth);
            }
            else
            {
                ScanValue(value, path, violations, depth);
            }
        }
    }

    private static void ScanValue(object? value, string path, Violations violations, int depth)
    {
        switch (value)
        {
            case string text when TextRules.Problem(text) is { } problem:
                violations.Add(path, problem);
                break;
            case IMessage nested:
                ScanMessage(nested, path, violations, depth + 1);
                break;
        }
    }

    // A key that is itself unprintable is not echoed back.
    private static string KeyLabel(string key) =>
        TextRules.Problem(key) is null && key.Length <= 64 ? "\"" + key + "\"" : "…";
}
