using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.People;
using Npgsql;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.RecordCredentialingStep;

/// <summary>Evidence for one step, checked for shape and the caller's right already.</summary>
public sealed record StepEvidence(
    Guid PersonId, Step Step, Outcome Outcome, string Module, string Reviewer, Guid? Observer, DateTime OccurredAt, string Notes, string RecordedBy);

/// <summary>
/// Records evidence inside the caller's transaction: the observer's current credential, the state
/// machine's transition, the evidence row, the pipeline's new position and
/// <c>CredentialingStepCompleted</c>, holding the pipeline's row lock. A refusal is thrown as the RPC
/// error, before anything is written. Shared by <c>RecordCredentialingStep</c> and feedback's observations.
/// </summary>
public static class StepRecorder
{
    public static async Task RecordAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Outbox outbox, string tenantId, IReadOnlyList<string> required, StepEvidence e, DateTime now, CancellationToken ct)
    {
        var name = CredentialingRecord.NameOf(e.PersonId);
        var record = await CredentialingStore.LatestAsync(c, tx, tenantId, e.PersonId, ct, forUpdate: true)
            ?? throw CredentialingRecord.NotFound(name);
        if (e.Observer is { } observerId && !await CredentialingStore.IsCredentialedAsync(c, tx, tenantId, observerId, now, ct))
            throw Violations.Single("reviewer", "must be a mentor of the organisation holding a current credential (or external/{name}, recorded by an administrator)");
        var transition = CredentialingPipeline.Record(record.ToPipeline(), e.Step, e.Outcome, e.Module, required);
        if (transition.Refusal is { } refusal) throw CredentialingStore.ToException(refusal);
        if (record.Evidence.Count > 0 && e.OccurredAt < record.Evidence[^1].OccurredAt)
            throw Violations.Single("occur_time", "must not be before the pipeline's latest evidence");

        var module = e.Step == Step.ContentTraining
            ? required.First(m => string.Equals(m, e.Module, StringComparison.OrdinalIgnoreCase))
            : "";
        await CredentialingStore.AppendEvidenceAsync(c, tx, tenantId, record.Id, e.Step, module, e.Outcome, e.Reviewer,
            e.OccurredAt, e.Notes, e.RecordedBy, ct);
        var next = transition.Next!;
        await CredentialingStore.SaveAsync(c, tx, tenantId, record.Id, next, null, ct);
        await outbox.EnqueueAsync(new CredentialingStepCompleted
        {
            Person = ResourceName.Format(PersonRecord.Collection, e.PersonId),
            Credentialing = name,
            Step = (Proto.CredentialingStep)e.Step,
            Module = module,
            Outcome = (Proto.StepOutcome)e.Outcome,
            CurrentStep = (Proto.CredentialingStep)next.Current,
            State = (Proto.CredentialingState)next.State,
        }, tenantId, c, tx, ct);
    }
}
