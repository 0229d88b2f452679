using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.People;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.RecordCredentialingStep;

/// <summary>
/// Appends evidence for the current step, moves the pipeline as the state machine says and queues
/// <c>CredentialingStepCompleted</c>, in one transaction holding the pipeline's row lock.
/// </summary>
public sealed class RecordCredentialingStepHandler(TenantDatabase db, Outbox outbox, CredentialingModules modules, TimeProvider clock)
{
    /// <summary>Tolerated clock skew for evidence times.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public async Task<Proto.Credentialing> HandleAsync(Proto.RecordCredentialingStepRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        if (!CredentialingRecord.TryParseName(request.Name, out var personId)) v.Add("name", "must be people/{person_id}/credentialing");
        if (request.Step == Proto.CredentialingStep.Unspecified || !Enum.IsDefined(request.Step)) v.Add("step", "must be a credentialing step");
        if (request.Outcome == Proto.StepOutcome.Unspecified || !Enum.IsDefined(request.Outcome)) v.Add("outcome", "must be PASSED or FAILED");
        v.RequireText("reviewer", request.Reviewer, 200);
        v.MaxLength("module", request.Module, 100);
        v.MaxLength("notes", request.Notes, 4000);
        if (request.Outcome == Proto.StepOutcome.Failed && string.IsNullOrWhiteSpace(request.Notes))
            v.Add("notes", "must give the reasons of a FAILED outcome");
        DateTime occurredAt = now;
        if (request.OccurTime is { } t)
        {
            if (t.Seconds < -62135596800 || t.Seconds > 253402300799) v.Add("occur_time", "must be a valid time");
            else
            {
                occurredAt = t.ToDateTime();
                if (occurredAt > now + Skew) v.Add("occur_time", "must not be in the future");
            }
        }
        v.ThrowIfAny();
        var step = (Step)request.Step;
        var observer = ObservationRules.Check(step, request.Reviewer.Trim(), personId, caller);

        var tenantId = db.TenantId;
        var required = modules.For(tenantId);
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var record = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token, forUpdate: true)
                ?? throw CredentialingRecord.NotFound(request.Name);
            if (observer is { } observerId && !await CredentialingStore.IsCredentialedAsync(c, tx, tenantId, observerId, now, token))
                throw Violations.Single("reviewer", "must be a mentor of the organisation holding a current credential (or external/{name}, recorded by an administrator)");
            var outcome = (Outcome)request.Outcome;
            var transition = CredentialingPipeline.Record(record.ToPipeline(), step, outcome, request.Module, required);
            if (transition.Refusal is { } refusal) throw CredentialingStore.ToException(refusal);
            if (record.Evidence.Count > 0 && occurredAt < record.Evidence[^1].OccurredAt)
                throw Violations.Single("occur_time", "must not be before the pipeline's latest evidence");

            var module = step == Step.ContentTraining
                ? required.First(m => string.Equals(m, request.Module, StringComparison.OrdinalIgnoreCase))
                : "";
            await CredentialingStore.AppendEvidenceAsync(c, tx, tenantId, record.Id, step, module, outcome, request.Reviewer.Trim(),
                occurredAt, request.Notes.Trim(), caller.Subject, token);
            var next = transition.Next!;
            await CredentialingStore.SaveAsync(c, tx, tenantId, record.Id, next, null, token);
            await outbox.EnqueueAsync(new CredentialingStepCompleted
            {
                Person = ResourceName.Format(PersonRecord.Collection, personId),
                Credentialing = request.Name,
                Step = request.Step,
                Module = module,
                Outcome = request.Outcome,
                CurrentStep = (Proto.CredentialingStep)next.Current,
                State = (Proto.CredentialingState)next.State,
            }, tenantId, c, tx, token);
            var updated = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            return updated!.ToProto(required, now);
        }, ct);
    }
}
