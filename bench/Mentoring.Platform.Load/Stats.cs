namespace Mentoring.Platform.Load;

internal static class Stats
{
    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Ratio(double gateway, double direct) => direct > 0 ? $"{gateway / direct:F2}" : "n/a";
}
