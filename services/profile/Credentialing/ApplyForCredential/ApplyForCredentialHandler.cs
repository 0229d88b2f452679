using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.People;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.ApplyForCredential;

/// <summary>
/// Starts a credentialing pipeline: the APPLICATION step is recorded as passed (the applicant's own
/// evidence) and the pipeline waits for SELECTION; queues <c>MentorApplicationSubmitted</c> in the same
/// transaction. Applications of one person are serialised by locking the person's row.
/// </summary>
public sealed class ApplyForCredentialHandler(TenantDatabase db, Outbox outbox, CredentialingModules modules, TimeProvider clock)
{
    public async Task<Proto.Credentialing> HandleAsync(Proto.ApplyForCredentialRequest request, string caller, CancellationToken ct)
    {
        ApplyForCredentialValidator.Validate(request).ThrowIfAny();
        var personId = CredentialingRecord.ParseOrThrow(request.Name);
        var person = ResourceName.Format(PersonRecord.Collection, personId);
        var a = request.Application;
        var competencies = a.Competencies.Select(c => c.Trim()).ToArray();
        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var locked = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT 1 FROM person WHERE tenant_id = @tenantId AND id = @personId FOR UPDATE",
                new { tenantId, personId }, tx, cancellationToken: token));
            if (locked is null) throw new RpcException(new Status(StatusCode.NotFound, $"{person} not found."));

            var latest = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            if (CredentialingPipeline.CanApply(latest?.ToPipeline(), now) is { } refusal)
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"{request.Name}: {refusal.Message}."));

            var id = Guid.NewGuid();
            var start = CredentialingPipeline.Start();
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO credentialing (tenant_id, id, person_id, state, current_step, motivation, competencies, monthly_hours,
                                           declares_no_supervision, created_at, updated_at)
                VALUES (@tenantId, @id, @personId, @state, @step, @motivation, @competencies, @hours, true, @now, @now)
                """,
                new
                {
                    tenantId, id, personId, state = (short)start.State, step = (short)start.Current, motivation = a.Motivation.Trim(),
                    competencies, hours = a.MonthlyHours, now,
                }, tx, cancellationToken: token));
            await CredentialingStore.AppendEvidenceAsync(c, tx, tenantId, id, Step.Application, "", Outcome.Passed, person, now,
                "", caller, token);

            await outbox.EnqueueAsync(new MentorApplicationSubmitted
            {
                Person = person, Credentialing = request.Name, Competencies = { competencies }, MonthlyHours = a.MonthlyHours,
            }, tenantId, c, tx, token);
            var created = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            return created!.ToProto(modules.For(tenantId), now);
        }, ct);
    }
}
