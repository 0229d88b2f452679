using System.Text;

namespace Mentoring.BuildingBlocks.Paging;

/// <summary>
/// Page tokens of the newest-first listings: the last row's (created_at, id), bound to the filters they were
/// issued for (<paramref name="scope"/>), so a token is refused with other filters instead of skipping rows.
/// </summary>
public static class KeysetToken
{
    public static string Encode(DateTime at, Guid id, string scope) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks}|{id}|{scope}"));

    public static bool TryDecode(string token, string scope, out (DateTime At, Guid Id) key)
    {
        key = default;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 3);
            if (parts.Length != 3 || parts[2] != scope || !long.TryParse(parts[0], out var ticks) || !Guid.TryParse(parts[1], out var id)
                || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
                return false;
            key = (new DateTime(ticks, DateTimeKind.Utc), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
