using System.Globalization;

namespace PartnerSync;

/// <summary>
/// The position of the last event handled, kept in a file so that a restarted app resumes after it:
/// written to a temporary file then moved over the old one, so a crash never leaves half a number.
/// </summary>
public sealed class CursorFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The saved position; null when there is no file yet.</summary>
    public long? Read()
    {
        if (!File.Exists(Path)) return null;
        var text = File.ReadAllText(Path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new FormatException($"{Path} does not hold a position ('{text}')");
    }

    public void Write(long position)
    {
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, position.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, Path, overwrite: true);
    }
}
