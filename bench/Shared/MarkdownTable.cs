namespace Mentoring.Bench;

/// <summary>Prints rows as an aligned markdown table (pasted as is into bench/README.md).</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public void Print()
    {
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        Console.WriteLine("| " + string.Join(" | ", headers.Select((h, c) => h.PadRight(widths[c]))) + " |");
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => IsNumber(cell) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + " |");
        Console.WriteLine();
    }

    private static bool IsNumber(string cell) => cell.Length > 0 && char.IsDigit(cell[0]);

    public static string Ms(double ms) => ms >= 100 ? $"{ms:F0}" : ms >= 10 ? $"{ms:F1}" : $"{ms:F3}";
}
