using System.Text;
using Mentoring.Feedback.Protection;
using Npgsql;

namespace Mentoring.Feedback.Surveys;

/// <summary>Free-text survey answers, sealed like all relationship content; an empty answer is sealed too (its length says nothing).</summary>
public sealed class SurveyText(DataKeyRing keys)
{
    public Task<byte[]> SealAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string text, string place, CancellationToken ct) =>
        keys.SealAsync(c, tx, tenantId, Encoding.UTF8.GetBytes(text.Trim()), place, ct);

    public async Task<string> OpenAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, byte[] sealedText, string place, CancellationToken ct) =>
        Encoding.UTF8.GetString(await keys.OpenAsync(c, tx, tenantId, sealedText, place, ct));
}
