using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.ListPeople;

/// <summary>
/// People of the caller's organisation, filtered, in registration order (ids are time-ordered
/// UUIDs), paged by keyset: a token is the last id of the previous page, bound to its filters.
/// </summary>
public sealed class ListPeopleHandler(TenantDatabase db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<ListPeopleResponse> HandleAsync(ListPeopleRequest request, CancellationToken ct)
    {
        var violations = new Violations();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add("page_size", $"must be between 0 and {MaxPageSize}");
        if (!Enum.IsDefined(request.Role)) violations.Add("role", "must be MENTOR or MENTEE (or unset)");
        violations.MaxLength("area_of_work", request.AreaOfWork, 100).MaxLength("skill", request.Skill, 100);
        Guid? managerId = null;
        if (request.LineManager.Length > 0)
        {
            if (ResourceName.TryParse(PersonRecord.Collection, request.LineManager, out var m)) managerId = m;
            else violations.Add("line_manager", "must be people/{person_id} or empty");
        }
        Guid? unitId = null;
        if (request.OrgUnit.Length > 0)
        {
            if (ResourceName.TryParse("orgUnits", request.OrgUnit, out var u)) unitId = u;
            else violations.Add("org_unit", "must be orgUnits/{unit_id} or empty");
        }
        if (!Enum.IsDefined(request.Status)) violations.Add("status", "must be ACTIVE, ON_LEAVE or LEFT (or unset)");
        Guid? competencyId = null;
        if (request.Competency.Length > 0)
        {
            if (ResourceName.TryParse("competencies", request.Competency, out var cid)) competencyId = cid;
            else violations.Add("competency", "must be competencies/{competency_id} or empty");
        }
        var filters = FiltersKey(request);
        var after = Guid.Empty;
        if (request.PageToken.Length > 0 && !TryDecode(request.PageToken, filters, out after))
            violations.Add("page_token", "was not issued for these filters");
        violations.ThrowIfAny();

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = db.TenantId;
        var rows = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<PersonRecord>(new CommandDefinition(
            $"""
            WITH RECURSIVE units (id) AS (
                SELECT id FROM org_unit WHERE id = @unitId
                UNION
                SELECT o.id FROM org_unit o JOIN units ON o.parent_id = units.id
            )
            SELECT {PersonRecord.SelectColumns} FROM person
            WHERE tenant_id = @tenantId AND id > @after
              AND (@unitId::uuid IS NULL OR org_unit_id IN (SELECT id FROM units))
              AND (@status = 0 OR status = @status)
              AND (@competencyId::uuid IS NULL OR EXISTS (
                    SELECT 1 FROM competency_assessment a
                    WHERE a.tenant_id = person.tenant_id AND a.person_id = person.id AND a.competency_id = @competencyId))
              AND (@role = 0 OR @role = ANY (roles))
              AND (@area = '' OR lower(area_of_work) = lower(@area))
              AND (@skill = '' OR EXISTS (
                    SELECT 1 FROM jsonb_array_elements(skills) s WHERE lower(s->>'Name') = lower(@skill)))
              AND (@managerId::uuid IS NULL OR line_manager_id = @managerId)
            ORDER BY id
            LIMIT @limit
            """,
            new
            {
                tenantId, after, role = (short)request.Role, area = request.AreaOfWork.Trim(), skill = request.Skill.Trim(),
                managerId, unitId, status = (short)request.Status, competencyId, limit = size + 1,
            }, tx, cancellationToken: token))).ToList(), ct);

        var response = new ListPeopleResponse();
        response.People.AddRange(rows.Take(size).Select(r => r.ToProto()));
        if (rows.Count > size) response.NextPageToken = Encode(filters, rows[size - 1].Id);
        return response;
    }

    /// <summary>A short fingerprint of the filters, so a token cannot continue a different listing.</summary>
    private static string FiltersKey(ListPeopleRequest r) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{(int)r.Role}|{r.AreaOfWork.Trim().ToLowerInvariant()}|{r.Skill.Trim().ToLowerInvariant()}|{r.LineManager}|{r.OrgUnit}|{(int)r.Status}|{r.Competency}")))[..16];

    private static string Encode(string filters, Guid last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{filters}:{last}"));

    private static bool TryDecode(string token, string filters, out Guid last)
    {
        last = Guid.Empty;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            return parts.Length == 2 && parts[0] == filters && Guid.TryParse(parts[1], out last);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
