using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.People;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.GrantInitialCredential;

/// <summary>
/// The last step: records the INITIAL_CREDENTIAL evidence, makes the pipeline CREDENTIALED and queues
/// <c>MentorCredentialed</c>, in one transaction holding the pipeline's row lock.
/// </summary>
public sealed class GrantInitialCredentialHandler(TenantDatabase db, Outbox outbox, CredentialingModules modules, TimeProvider clock)
{
    public async Task<Proto.Credentialing> HandleAsync(Proto.GrantInitialCredentialRequest request, string caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        if (!CredentialingRecord.TryParseName(request.Name, out var personId)) v.Add("name", "must be people/{person_id}/credentialing");
        v.RequireText("reviewer", request.Reviewer, 200);
        v.MaxLength("notes", request.Notes, 4000);
        var credentialedAt = Time(v, "credential_time", request.CredentialTime) ?? now;
        if (credentialedAt > now + RecordCredentialingStep.RecordCredentialingStepHandler.Skew) v.Add("credential_time", "must not be in the future");
        var expiresAt = Time(v, "expire_time", request.ExpireTime);
        if (expiresAt is { } e && e <= credentialedAt) v.Add("expire_time", "must be after credential_time");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var record = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token, forUpdate: true)
                ?? throw CredentialingRecord.NotFound(request.Name);
            var transition = CredentialingPipeline.Grant(record.ToPipeline(), expiresAt);
            if (transition.Refusal is { } refusal) throw CredentialingStore.ToException(refusal);
            if (record.Evidence.Count > 0 && credentialedAt < record.Evidence[^1].OccurredAt)
                throw Violations.Single("credential_time", "must not be before the pipeline's latest evidence");

            await CredentialingStore.AppendEvidenceAsync(c, tx, tenantId, record.Id, Step.InitialCredential, "", Outcome.Passed,
                request.Reviewer.Trim(), credentialedAt, request.Notes.Trim(), caller, token);
            await CredentialingStore.SaveAsync(c, tx, tenantId, record.Id, transition.Next!, credentialedAt, token);
            var person = ResourceName.Format(PersonRecord.Collection, personId);
            await outbox.EnqueueAsync(new CredentialingStepCompleted
            {
                Person = person, Credentialing = request.Name, Step = Proto.CredentialingStep.InitialCredential,
                Outcome = Proto.StepOutcome.Passed, CurrentStep = Proto.CredentialingStep.InitialCredential,
                State = Proto.CredentialingState.Credentialed,
            }, tenantId, c, tx, token);
            await outbox.EnqueueAsync(new MentorCredentialed
            {
                Person = person,
                CredentialTime = CredentialingRecord.Ts(credentialedAt),
                ExpireTime = expiresAt is { } x ? CredentialingRecord.Ts(x) : null,
            }, tenantId, c, tx, token);
            var updated = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            return updated!.ToProto(modules.For(tenantId), now);
        }, ct);
    }

    internal static DateTime? Time(Violations v, string field, Google.Protobuf.WellKnownTypes.Timestamp? t)
    {
        if (t is null) return null;
        if (t.Seconds < -62135596800 || t.Seconds > 253402300799 || t.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "must be a valid time");
            return null;
        }
        return t.ToDateTime();
    }
}
