using System.Text;
using System.Text.Json;
using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Competencies.ListCompetencies;

/// <summary>
/// The framework's competencies ordered by area then name (both case-insensitive, unique together),
/// paged by keyset: a token holds the last (area, name) of the previous page and the area filter.
/// </summary>
public sealed class ListCompetenciesHandler(TenantDatabase db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private sealed record PageToken(string Filter, string Area, string Name);

    public async Task<ListCompetenciesResponse> HandleAsync(ListCompetenciesRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        v.MaxLength("area", request.Area, CompetencyRules.MaxNameLength);
        var filter = request.Area.Trim().ToLowerInvariant();
        PageToken? after = null;
        if (request.PageToken.Length > 0 && (after = Decode(request.PageToken))?.Filter != filter)
            v.Add("page_token", "was not issued for this filter");
        v.ThrowIfAny();

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = db.TenantId;
        var rows = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<CompetencyRecord>(new CommandDefinition(
            $"""
            SELECT {CompetencyRecord.SelectColumns}, lower(area) AS AreaKey, lower(name) AS NameKey FROM competency
            WHERE tenant_id = @tenantId
              AND (@area = '' OR lower(area) = lower(@area))
              AND (NOT @paged OR (lower(area), lower(name)) > (@afterArea, @afterName))
            ORDER BY lower(area), lower(name)
            LIMIT @limit
            """,
            new { tenantId, area = filter, paged = after is not null, afterArea = after?.Area ?? "", afterName = after?.Name ?? "", limit = size + 1 },
            tx, cancellationToken: token))).ToList(), ct);

        var response = new ListCompetenciesResponse();
        response.Competencies.AddRange(rows.Take(size).Select(r => r.ToProto()));
        if (rows.Count > size)
        {
            var last = rows[size - 1];
            response.NextPageToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
                new PageToken(filter, last.AreaKey, last.NameKey))));
        }
        return response;
    }

    private static PageToken? Decode(string token)
    {
        try
        {
            return JsonSerializer.Deserialize<PageToken>(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
