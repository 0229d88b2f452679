using System.Text;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Matching.Candidates.Scoring;

namespace Mentoring.Matching.Candidates.ListCandidates;

/// <summary>A mentee's candidate mentors from the projection, ranked by <see cref="CandidateScorer"/>.</summary>
public sealed class ListCandidatesHandler(TenantDatabase db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<ListCandidatesResponse> HandleAsync(ListCandidatesRequest request, CancellationToken ct)
    {
        var violations = new Violations();
        if (!ResourceName.TryParse("people", request.Mentee, out var menteeId))
            violations.Add("mentee", "must be people/{person_id}");
        if (request.PageSize is < 0 or > MaxPageSize)
            violations.Add("page_size", $"must be between 0 and {MaxPageSize}");
        var offset = 0;
        if (request.PageToken.Length > 0 && !TryDecodeToken(request.PageToken, out offset))
            violations.Add("page_token", "is not a token this service issued");
        violations.ThrowIfAny();

        var tenantId = db.TenantId;
        var (mentee, mentors) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var mentee = await c.QuerySingleOrDefaultAsync<CandidateRecord>(new CommandDefinition(
                $"SELECT {CandidateRecord.SelectColumns} FROM candidate WHERE tenant_id = @tenantId AND person_id = @menteeId AND version < @erased",
                new { tenantId, menteeId, erased = Erasure.TombstoneVersion }, tx, cancellationToken: token));
            if (mentee is null) return ((CandidateRecord?)null, new List<CandidateRecord>());
            // Never in the mentee's reporting line, in either direction, at any depth.
            var mentors = await c.QueryAsync<CandidateRecord>(new CommandDefinition(
                $"""
                WITH RECURSIVE managers (id) AS (
                    SELECT line_manager_id FROM reporting_line WHERE person_id = @menteeId AND line_manager_id IS NOT NULL
                    UNION
                    SELECT r.line_manager_id FROM reporting_line r JOIN managers ON r.person_id = managers.id
                    WHERE r.line_manager_id IS NOT NULL
                ), reports (id) AS (
                    SELECT person_id FROM reporting_line WHERE line_manager_id = @menteeId
                    UNION
                    SELECT r.person_id FROM reporting_line r JOIN reports ON r.line_manager_id = reports.id
                )
                SELECT {CandidateRecord.SelectColumns} FROM candidate
                WHERE tenant_id = @tenantId AND is_mentor AND status = 1 -- ACTIVE: on leave or gone, not matchable
                  AND lower(area_of_work) = lower(@AreaOfWork)
                  AND seniority_level > @SeniorityLevel AND person_id <> @menteeId
                  AND person_id NOT IN (SELECT id FROM managers)
                  AND person_id NOT IN (SELECT id FROM reports)
                """, new { tenantId, mentee.AreaOfWork, mentee.SeniorityLevel, menteeId }, tx, cancellationToken: token));
            return ((CandidateRecord?)mentee, mentors.ToList());
        }, ct);
        if (mentee is null)
            throw new RpcException(new Status(StatusCode.NotFound, $"{request.Mentee} is not known to matching (yet)."));

        var byId = mentors.ToDictionary(m => m.PersonId);
        var ranked = CandidateScorer.Rank(mentee.ToScoringProfile(), mentors.Select(m => m.ToScoringProfile()));
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var response = new ListCandidatesResponse();
        foreach (var scored in ranked.Skip(offset).Take(pageSize))
        {
            var record = byId[scored.Mentor.PersonId];
            var candidate = new Candidate
            {
                Mentor = ResourceName.Format("people", record.PersonId),
                DisplayName = record.DisplayName,
                AreaOfWork = record.AreaOfWork,
                SeniorityLevel = (SeniorityLevel)record.SeniorityLevel,
                Score = scored.Score,
            };
            candidate.Factors.AddRange(scored.Factors.Select(f => new ScoreFactor
            {
                Factor = f.Factor, Contribution = f.Points, Explanation = f.Explanation,
            }));
            response.Candidates.Add(candidate);
        }
        if (offset + pageSize < ranked.Count) response.NextPageToken = EncodeToken(offset + pageSize);
        return response;
    }

    private static string EncodeToken(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static bool TryDecodeToken(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), out offset) && offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
