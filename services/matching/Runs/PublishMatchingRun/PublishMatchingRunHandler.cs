using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Relationships;
using Mentoring.Matching.Relationships.GapClosing;

namespace Mentoring.Matching.Runs.PublishMatchingRun;

/// <summary>
/// Turns a reviewed run into PROPOSED relationships — one per pair, one per group — with their events,
/// in one transaction. Publishing again returns the published run unchanged.
/// </summary>
public sealed class PublishMatchingRunHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<MatchingRun> HandleAsync(PublishMatchingRunRequest request, Caller caller, CancellationToken ct)
    {
        var (programmeId, runId) = MatchingRunStore.ParseOrThrow(request.Name, "name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var run = await MatchingRunStore.LoadAsync(c, tx, tenantId, programmeId, runId, token, forUpdate: true) ?? throw MatchingRunStore.NotFound(request.Name);
            if (run.State == (short)MatchingRunState.Published) return run.ToProto();
            // Runs of one programme publish one at a time, and never over a newer published run.
            var programme = (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token, forUpdate: true))!;
            var model = programme.ModelValue;
            if (await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM matching_run WHERE tenant_id = @tenantId AND programme_id = @programmeId AND state = 2 AND published_at > @createdAt)",
                    new { tenantId, programmeId, createdAt = run.CreatedAt }, tx, cancellationToken: token)))
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "Another run of the programme was published since this one was made; run the programme again."));

            if (programme.RulesChangedAt > run.CreatedAt)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "The programme's rules changed since the run was made; run the programme again."));

            var rules = programme.EngineRules;
            var endsAt = rules.LatestEnd(clock.GetUtcNow())?.UtcDateTime;
            var result = run.ToProto();
            // What changed since the run (accepted requests, rematches, other programmes) must not overbook anyone.
            var ids = result.Proposals.SelectMany(p => new[] { Id(p.Mentee), Id(p.Mentor) }).ToList();
            await MentorLocks.AcquireAsync(c, tx, tenantId, ids, token);
            var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, programmeId, clock.GetUtcNow().UtcDateTime, token);
            if (StaleProposal(result, people, model) is { } stale)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{stale} since the run was made; run the programme again."));
            var groups = model == MentoringModel.Group
                ? result.Proposals.GroupBy(p => p.Mentor).Select(g => (Mentor: g.Key, Mentees: g.Select(p => p.Mentee).ToList(), Score: g.Average(p => p.Score)))
                : result.Proposals.Select(p => (Mentor: p.Mentor, Mentees: new List<string> { p.Mentee }, Score: p.Score));
            foreach (var (mentor, mentees, score) in groups.ToList())
            {
                var created = await RelationshipStore.CreateAsync(c, tx, tenantId,
                    new NewRelationship(programmeId, [Id(mentor)], mentees.Select(Id).ToList(), Math.Round(score, 2)) {
                        EndsAt = endsAt,
                        GapTargets = GapTargets.Of(rules, mentees.Select(m => people.Mentees.FirstOrDefault(p => p.Id == Id(m)))),
                    },
                    caller.Subject, $"Proposed by {request.Name}.", token);
                await outbox.EnqueueAsync(created.ToEvent(RelationshipState.Unspecified), tenantId, c, tx, token);
                result.Relationships.Add(created.Name);
            }
            return (await MatchingRunStore.SaveAsync(c, tx, tenantId, run, result, run.DecisionList, publish: true, token)).ToProto();
        }, ct);
    }

    /// <summary>Why a proposal no longer holds, or null when all do.</summary>
    private static string? StaleProposal(MatchingRun run, ProgrammePeople people, MentoringModel model)
    {
        var free = people.Mentees.Select(m => m.Id).Concat(model == MentoringModel.Peer ? people.Mentors.Select(m => m.Id) : []).ToHashSet();
        foreach (var p in run.Proposals)
        {
            if (!free.Contains(Id(p.Mentee))) return $"{p.Mentee} is no longer free in the programme";
            if (model == MentoringModel.Peer && !free.Contains(Id(p.Mentor))) return $"{p.Mentor} is no longer free in the programme";
        }
        if (model == MentoringModel.Peer) return null;
        foreach (var g in run.Proposals.GroupBy(p => p.Mentor))
            if ((people.Mentors.FirstOrDefault(m => m.Id == Id(g.Key))?.CapacityRemaining ?? 0) < g.Count())
                return $"{g.Key} no longer has room for {g.Count()} mentee(s)";
        return null;
    }

    private static Guid Id(string person) => ResourceName.TryParse("people", person, out var id) ? id : throw new InvalidOperationException($"Bad person {person}");
}
