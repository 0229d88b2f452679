using System.Text.Json.Nodes;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Matching.Relationships.GapClosing;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>
/// Competency levels (CompetencyAssessed: the latest assessment per competency wins, whatever the
/// delivery order) and the competencies a mentor offers (MentorCompetenciesChanged: the full set). An
/// assessment may close a competency pairing (<see cref="CompetencyGapClosing"/>), in the same transaction.
/// </summary>
public sealed class CompetencyProjection(CompetencyGapClosing gapClosing) : IEventHandler<CompetencyAssessed>, IEventHandler<MentorCompetenciesChanged>
{
    public const string Subscriber = "candidate-competencies";
    public const string OffersSubscriber = "candidate-mentor-competencies";

    public async Task HandleAsync(CompetencyAssessed @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"CompetencyAssessed with a malformed person '{@event.Person}'");
        var stored = await context.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT competencies::text FROM candidate WHERE person_id = @personId AND version < @tombstone FOR UPDATE",
            new { personId, tombstone = Erasure.TombstoneVersion }, context.Transaction, cancellationToken: ct));
        if (stored is null)
        {
            await CandidateUpdate.EnsureKnownAsync(context, personId, @event.Person, ct);
            return; // erased
        }
        var levels = JsonNode.Parse(stored)!.AsObject();
        var at = @event.AssessTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime;
        if (levels[@event.Competency] is JsonObject previous && previous["at"]?.GetValue<DateTime>() > at) return; // older than what we hold
        levels[@event.Competency] = new JsonObject { ["current"] = @event.CurrentLevel, ["target"] = @event.TargetLevel, ["at"] = at };
        await context.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE candidate SET competencies = @levels::jsonb WHERE person_id = @personId",
            new { personId, levels = levels.ToJsonString() }, context.Transaction, cancellationToken: ct));
        await gapClosing.ApplyAsync(personId, levels.ToDictionary(l => l.Key, l => l.Value!["current"]!.GetValue<int>()), context, ct);
    }

    public Task HandleAsync(MentorCompetenciesChanged @event, EventContext context, CancellationToken ct) =>
        CandidateUpdate.ApplyAsync(context, @event.Person, "mentor_competencies = @offered",
            new { offered = @event.Competencies.Distinct().Order().ToArray() }, ct);
}

/// <summary>Updates a projected person who must already be known; an event about an unknown person is retried later.</summary>
internal static class CandidateUpdate
{
    public static async Task ApplyAsync(EventContext context, string person, string set, object values, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", person, out var personId))
            throw new InvalidOperationException($"Event with a malformed person '{person}'");
        var args = new DynamicParameters(values);
        args.AddDynamicParams(new { personId, tombstone = Erasure.TombstoneVersion });
        var updated = await context.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE candidate SET {set} WHERE person_id = @personId AND version < @tombstone", args, context.Transaction, cancellationToken: ct));
        if (updated == 0) await EnsureKnownAsync(context, personId, person, ct);
    }

    /// <summary>Throws (so the transport redelivers) when the person has not been projected yet; erased people are fine.</summary>
    public static async Task EnsureKnownAsync(EventContext context, Guid personId, string person, CancellationToken ct)
    {
        var known = await context.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM candidate WHERE person_id = @personId)", new { personId }, context.Transaction, cancellationToken: ct));
        if (!known) throw new InvalidOperationException($"{person} is not known to matching yet; the event will be redelivered.");
    }
}
