using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback.Metrics;

/// <summary>
/// "Competence is judged by whether the protégé's work improves" (docs/feedback.md, "Mentor outcome"):
/// the pre and post self-assessments on goals owned by the mentees of a mentor's relationships,
/// aggregated, and suppressed unless five mentees or more stand behind the figure.
/// </summary>
public sealed class GetMentorOutcomeHandler(TenantDatabase db)
{
    public const string Suffix = "/mentorOutcome";

    /// <summary>The mentor of <c>people/{id}/mentorOutcome</c>, <c>people/{id}</c> (for the self check).</summary>
    public static string MentorOf(string? name) => (name ?? "").EndsWith(Suffix, StringComparison.Ordinal) ? name![..^Suffix.Length] : "";

    public async Task<MentorOutcome> HandleAsync(GetMentorOutcomeRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", MentorOf(request.Name), out var mentorId))
            throw Violations.Single("name", "must be people/{person_id}/mentorOutcome");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await Participants.ParticipantStore.IsKnownAsync(c, tx, tenantId, mentorId, token))
                throw new RpcException(new Status(StatusCode.NotFound, $"{MentorOf(request.Name)} is not known here."));
            // Goals owned by someone who is not a mentor of the relationship, in relationships where this person is a mentor.
            var assessed = (await c.QueryAsync<(Guid, int, int)>(new CommandDefinition(
                $"""
                SELECT x.owner_id, pre.level::int, post.level::int
                FROM goal x {SelfAssessed.Join}
                JOIN relationship_participant m ON m.tenant_id = x.tenant_id AND m.relationship_id = x.relationship_id AND m.person_id = @mentorId AND m.mentor
                WHERE x.tenant_id = @tenantId AND x.owner_id <> @mentorId
                  AND NOT EXISTS (SELECT 1 FROM relationship_participant o WHERE o.tenant_id = x.tenant_id AND o.relationship_id = x.relationship_id
                                  AND o.person_id = x.owner_id AND o.mentor)
                """, new { tenantId, mentorId }, tx, cancellationToken: token))).ToList();
            return new MentorOutcome
            {
                Name = request.Name, SelfAssessment = ProgrammeAggregates.SelfAssessments(assessed), MinimumGroup = ProgrammeAggregates.MinimumGroup,
            };
        }, ct);
    }
}
