using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.ErasePerson;

/// <summary>
/// Right to be forgotten: removes the person, clears their reports' line manager, scrubs the
/// personal data from events this service already published, and queues <c>PersonErased</c> so
/// every other service erases what it holds — all in one transaction.
/// </summary>
public sealed class ErasePersonHandler(TenantDatabase db, Outbox outbox)
{
    public async Task HandleAsync(ErasePersonRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be people/{person_id}");
        var tenantId = db.TenantId;
        await db.InTransactionAsync(async (c, tx, token) =>
        {
            // Reporting lines change here too: serialised with SetLineManager.
            await c.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('reporting-lines:' || @tenantId))", new { tenantId }, tx, cancellationToken: token));
            var exists = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM person WHERE tenant_id = @tenantId AND id = @id)", new { tenantId, id }, tx, cancellationToken: token));
            if (!exists) throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));

            var reports = await c.QueryAsync<Guid>(new CommandDefinition(
                """
                UPDATE person SET line_manager_id = NULL, version = version + 1
                WHERE tenant_id = @tenantId AND line_manager_id = @id
                RETURNING id
                """, new { tenantId, id }, tx, cancellationToken: token));
            foreach (var report in reports)
                await outbox.EnqueueAsync(new ReportingLineChanged
                {
                    Person = ResourceName.Format(PersonRecord.Collection, report), PreviousLineManager = request.Name,
                }, tenantId, c, tx, token);

            await c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM mentor_competency WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM competency_assessment WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM availability_exception WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM availability_window WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM availability WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM observation_receipt WHERE tenant_id = @tenantId AND person_id = @id;
                -- Credentialing evidence is append-only except while erasing (see 0007_credentialing.sql).
                SELECT set_config('app.erasing', 'on', true);
                DELETE FROM credentialing_evidence WHERE tenant_id = @tenantId
                    AND credentialing_id IN (SELECT id FROM credentialing WHERE tenant_id = @tenantId AND person_id = @id);
                DELETE FROM credentialing WHERE tenant_id = @tenantId AND person_id = @id;
                SELECT set_config('app.erasing', 'off', true);
                DELETE FROM rapport_share WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM rapport_profile WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM register_person_request WHERE tenant_id = @tenantId AND person_id = @id;
                DELETE FROM person WHERE tenant_id = @tenantId AND id = @id;
                -- Published events about the person keep their envelope but lose the personal data.
                UPDATE outbox SET envelope = jsonb_set(envelope, '{data}', jsonb_build_object('person', jsonb_build_object('name', @name)))
                WHERE tenant_id = @tenantId AND published_at IS NOT NULL AND envelope #>> '{data,person,name}' = @name;
                """, new { tenantId, id, name = request.Name }, tx, cancellationToken: token));

            await outbox.EnqueueAsync(new PersonErased { Person = request.Name }, tenantId, c, tx, token);
            return true;
        }, ct);
    }
}
