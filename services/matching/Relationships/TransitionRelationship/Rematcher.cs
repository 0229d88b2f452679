using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Runs;
using Npgsql;

namespace Mentoring.Matching.Relationships.TransitionRelationship;

/// <summary>
/// After a no-fault exit, proposes each mentee's best other mentor with capacity left — one mentee against
/// the programme as it stands, no batch re-run. The ended pair is history, so it is never proposed again
/// (unless the programme allows repeat pairs). When nobody fits now, the ended relationship's history says so.
/// </summary>
public sealed class Rematcher(Outbox outbox, TimeProvider clock) : IRematcher
{
    public async Task RematchAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, RelationshipRecord ended, string actor, CancellationToken ct)
    {
        var programme = (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, ended.ProgrammeId, ct))!;
        if ((MentoringModel)programme.Model is MentoringModel.Group or MentoringModel.Speed)
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "Rematching is for pair programmes; enrol the mentees in the next group run."));
        var rules = programme.EngineRules;
        // Every mentor of the programme could be the one proposed: take their locks before counting capacity.
        var enrolled = await Dapper.SqlMapper.QueryAsync<Guid>(c, new Dapper.CommandDefinition(
            "SELECT person_id FROM enrolment WHERE tenant_id = @tenantId AND programme_id = @programmeId AND role = 1",
            new { tenantId, programmeId = ended.ProgrammeId }, tx, cancellationToken: ct));
        await MentorLocks.AcquireAsync(c, tx, tenantId, enrolled.Concat(ended.Mentees), ct);
        var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, ended.ProgrammeId, clock.GetUtcNow().UtcDateTime, ct);
        var generator = new CandidateGenerator(people.Mentors, rules, new PairHistory(people.HistoryPairs), new CandidateOptions { TopK = 1 });
        foreach (var menteeId in ended.Mentees)
        {
            var mentee = people.Mentees.FirstOrDefault(m => m.Id == menteeId);
            var best = mentee is null ? null : generator.Generate(mentee).Candidates.FirstOrDefault();
            if (best is null)
            {
                await RelationshipStore.AppendChangeAsync(c, tx, tenantId, ended.Id, RelationshipState.Closed, RelationshipView.SystemActor,
                    $"No other mentor fits {RelationshipRecord.Person(menteeId)} now (still enrolled?); the next run will try again.", ct);
                continue;
            }
            var created = await RelationshipStore.CreateAsync(c, tx, tenantId,
                new NewRelationship(ended.ProgrammeId, [best.Mentor.Id], [menteeId], best.Score, RematchOf: ended.Id)
                {
                    EndsAt = rules.LatestEnd(clock.GetUtcNow())?.UtcDateTime,
                    GapTargets = GapClosing.GapTargets.Of(rules, mentee),
                },
                actor, $"Rematch after the no-fault exit of {ended.Name}.", ct);
            await outbox.EnqueueAsync(created.ToEvent(RelationshipState.Unspecified), tenantId, c, tx, ct);
        }
    }
}
