using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.Credentialing.RecordCredentialingStep;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Credentialing.RecordObservation;

/// <summary>
/// Feedback's <see cref="ObservationCompleted"/>: the observing mentor's rubric outcome becomes the
/// candidate's credentialing evidence under the same rules as <c>RecordCredentialingStep</c> called by that
/// mentor (<see cref="ObservationRules"/>, <see cref="StepRecorder"/>) — the observer must hold a current
/// credential and the step must be the pipeline's current one. What became of it is kept in
/// <c>observation_receipt</c> and shown on the candidate's credentialing; a refusal is an outcome, never a
/// failed delivery, so the event is not retried for it (docs/feedback.md, "Credentialing observations").
/// </summary>
public sealed class ObservationIntake(Outbox outbox, CredentialingModules modules, TimeProvider clock, ILogger<ObservationIntake> logger)
    : IEventHandler<ObservationCompleted>
{
    public const string Subscriber = "observation-intake";

    public async Task HandleAsync(ObservationCompleted @event, EventContext context, CancellationToken ct)
    {
        var (c, tx, tenantId) = (context.Connection, context.Transaction, context.TenantId);
        if (!ResourceName.TryParse(PersonRecord.Collection, @event.Candidate, out var candidateId))
            throw new InvalidOperationException($"ObservationCompleted with a malformed candidate '{@event.Candidate}'");
        if (await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM observation_receipt WHERE tenant_id = @tenantId AND observation = @Observation)",
                new { tenantId, @event.Observation }, tx, cancellationToken: ct)))
            return;

        var refusal = "";
        // A savepoint, so that a refusal leaves the event's transaction (the inbox row, the receipt) intact.
        await tx.SaveAsync("observation", ct);
        try
        {
            var step = (Step)@event.Step;
            var observer = new Caller(@event.Observer, tenantId, CallerKind.Person, new HashSet<string>(), @event.Observer);
            var observerId = ObservationRules.Check(step, @event.Observer, candidateId, observer);
            var now = clock.GetUtcNow().UtcDateTime;
            await StepRecorder.RecordAsync(c, tx, outbox, tenantId, modules.For(tenantId), new StepEvidence(
                candidateId, step, (Outcome)@event.Outcome, "", @event.Observer, observerId,
                @event.OccurTime?.ToDateTime() ?? now, $"Observation {@event.Observation}: {@event.Summary}", "feedback:observation"), now, ct);
            await tx.ReleaseAsync("observation", ct);
        }
        catch (RpcException e)
        {
            await tx.RollbackAsync("observation", ct);
            refusal = e.Status.Detail;
        }
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO observation_receipt (tenant_id, observation, person_id, observer, step, outcome, recorded, refusal)
            VALUES (@tenantId, @Observation, @candidateId, @Observer, @step, @outcome, @recorded, @refusal)
            """,
            new
            {
                tenantId, @event.Observation, candidateId, @event.Observer, step = (short)@event.Step, outcome = (short)@event.Outcome,
                recorded = refusal.Length == 0, refusal,
            }, tx, cancellationToken: ct));
        logger.LogInformation("Observation {Observation}: {Outcome}", @event.Observation, refusal.Length == 0 ? "recorded" : "refused");
    }
}
