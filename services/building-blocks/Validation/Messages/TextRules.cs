namespace Mentoring.BuildingBlocks.Validation.Messages;

/// <summary>
/// What no string of any request may hold, whatever the field: a NUL character (PostgreSQL's text
/// cannot store it), an unpaired UTF-16 surrogate (it has no UTF-8 form), or more characters than
/// <see cref="MaxLength"/> (a backstop; fields with a tighter limit check it in their validator).
/// </summary>
public static class TextRules
{
    /// <summary>The longest string any field accepts (64 Ki characters).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Why <paramref name="value"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string value)
    {
        if (value.Length > MaxLength) return $"must be at most {MaxLength} characters";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') return "must not contain the NUL character (U+0000)";
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
                else return "must be valid Unicode text (an unpaired surrogate was found)";
            }
            else if (char.IsLowSurrogate(c)) return "must be valid Unicode text (an unpaired surrogate was found)";
        }
        return null;
    }
}
