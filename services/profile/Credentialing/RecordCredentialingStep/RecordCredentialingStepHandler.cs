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
/// Appends evidence for the current step (<see cref="StepRecorder"/>) after checking its shape and
/// the caller's right to record it.
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
            await StepRecorder.RecordAsync(c, tx, outbox, tenantId, required, new StepEvidence(
                personId, step, (Outcome)request.Outcome, request.Module, request.Reviewer.Trim(), observer, occurredAt,
                request.Notes.Trim(), caller.Subject), now, token);
            var updated = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            return updated!.ToProto(required, now);
        }, ct);
    }
}
