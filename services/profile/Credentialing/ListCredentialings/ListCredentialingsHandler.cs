using Dapper;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.ListCredentialings;

/// <summary>
/// The credentialing board: every person's latest pipeline, least recently changed first (whoever has
/// waited longest at a step comes first), keyset-paged on (updated_at, id). EXPIRED is derived from the
/// expiry exactly as GetCredentialing derives it.
/// </summary>
public sealed class ListCredentialingsHandler(TenantDatabase db, CredentialingModules modules, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>What the board shows beside the pipeline's own columns.</summary>
    private sealed class Extra
    {
        public string DisplayName { get; init; } = "";
        public string[] CompletedModules { get; init; } = [];
    }

    public async Task<Proto.ListCredentialingsResponse> HandleAsync(Proto.ListCredentialingsRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!Enum.IsDefined(request.State)) v.Add("state", "must be IN_PROGRESS, REJECTED, CREDENTIALED or EXPIRED (or unset)");
        if (!Enum.IsDefined(request.CurrentStep)) v.Add("current_step", "must be a credentialing step (or unset)");
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        var scope = $"credentialings|{(int)request.State}|{(int)request.CurrentStep}";
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, scope, out var key)) after = key;
            else v.Add("page_token", "was not issued for these filters");
        }
        v.ThrowIfAny();

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = (await db.InTransactionAsync((c, tx, token) => c.QueryAsync<CredentialingRecord, Extra, (CredentialingRecord Record, Extra Extra)>(new CommandDefinition(
            """
            WITH latest AS (
                SELECT DISTINCT ON (person_id) *
                FROM credentialing WHERE tenant_id = @tenantId
                ORDER BY person_id, created_at DESC, id
            )
            SELECT l.id, l.person_id AS PersonId, l.state, l.current_step AS CurrentStep, l.motivation, l.competencies,
                   l.monthly_hours AS MonthlyHours, l.declares_no_supervision AS DeclaresNoSupervision, l.created_at AS CreatedAt,
                   l.updated_at AS UpdatedAt, l.credentialed_at AS CredentialedAt, l.expires_at AS ExpiresAt,
                   p.display_name AS DisplayName,
                   ARRAY(SELECT e.module FROM credentialing_evidence e
                         WHERE e.tenant_id = @tenantId AND e.credentialing_id = l.id AND e.step = 3 AND e.outcome = 1
                         ORDER BY e.position) AS CompletedModules
            FROM latest l JOIN person p ON p.tenant_id = @tenantId AND p.id = l.person_id
            WHERE (@step = 0 OR l.current_step = @step)
              AND (@state = 0
                   OR (@state = 4 AND l.state = 3 AND l.expires_at <= @now)
                   OR (@state = 3 AND l.state = 3 AND (l.expires_at IS NULL OR l.expires_at > @now))
                   OR (@state IN (1, 2) AND l.state = @state))
              AND (@afterAt::timestamptz IS NULL OR (l.updated_at, l.id) > (@afterAt, @afterId))
            ORDER BY l.updated_at, l.id
            LIMIT @limit
            """,
            new
            {
                tenantId, step = (short)request.CurrentStep, state = (short)request.State, now,
                afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1,
            }, tx, cancellationToken: token),
            (record, extra) => (record, extra), splitOn: "DisplayName"), ct)).ToList();

        var required = modules.For(tenantId);
        var response = new Proto.ListCredentialingsResponse();
        response.Entries.AddRange(rows.Take(size).Select(r =>
        {
            var credentialing = r.Record.ToProto(required, now);
            credentialing.CompletedModules.Add(r.Extra.CompletedModules);
            return new Proto.CredentialingBoardEntry { Credentialing = credentialing, PersonDisplayName = r.Extra.DisplayName };
        }));
        if (rows.Count > size) response.NextPageToken = KeysetToken.Encode(rows[size - 1].Record.UpdatedAt, rows[size - 1].Record.Id, scope);
        return response;
    }
}
