using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.SetLineManager;

/// <summary>
/// Sets or clears a person's line manager, refusing cycles, and queues <c>ReportingLineChanged</c>
/// in the same transaction. Changes of one organisation's reporting lines are serialised, so two
/// concurrent changes cannot close a cycle between them.
/// </summary>
public sealed class SetLineManagerHandler(TenantDatabase db, Outbox outbox)
{
    public async Task<Person> HandleAsync(SetLineManagerRequest request, CancellationToken ct)
    {
        var violations = new Violations();
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Name, out var personId))
            violations.Add("name", "must be people/{person_id}");
        Guid? managerId = null;
        if (request.LineManager.Length > 0)
        {
            if (ResourceName.TryParse(PersonRecord.Collection, request.LineManager, out var parsed)) managerId = parsed;
            else violations.Add("line_manager", "must be people/{person_id} or empty");
        }
        if (managerId == personId && personId != Guid.Empty) violations.Add("line_manager", "a person cannot be their own line manager");
        violations.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('reporting-lines:' || @tenantId))", new { tenantId }, tx, cancellationToken: token));
            var person = await c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
                $"SELECT {PersonRecord.SelectColumns} FROM person WHERE tenant_id = @tenantId AND id = @personId FOR UPDATE",
                new { tenantId, personId }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
            if (request.Etag.Length > 0 && request.Etag != person.ToProto().Etag)
                throw new RpcException(new Status(StatusCode.Aborted, $"{request.Name} changed since it was read (etag {request.Etag})."));

            if (managerId is { } manager)
            {
                // The manager's chain upwards, the manager included: the person must not be on it.
                var chain = (await c.QueryAsync<Guid>(new CommandDefinition(
                    """
                    WITH RECURSIVE up (id, line_manager_id) AS (
                        SELECT id, line_manager_id FROM person WHERE tenant_id = @tenantId AND id = @manager
                        UNION
                        SELECT p.id, p.line_manager_id FROM person p JOIN up ON p.id = up.line_manager_id
                        WHERE p.tenant_id = @tenantId
                    )
                    SELECT id FROM up
                    """, new { tenantId, manager }, tx, cancellationToken: token))).ToList();
                if (chain.Count == 0)
                    throw new RpcException(new Status(StatusCode.NotFound, $"{request.LineManager} not found."));
                if (chain.Contains(personId))
                    throw new RpcException(new Status(StatusCode.FailedPrecondition,
                        $"{request.LineManager} already reports to {request.Name}: the change would close a cycle."));
            }

            if (person.LineManagerId == managerId) return person.ToProto();
            var updated = await c.QuerySingleAsync<PersonRecord>(new CommandDefinition(
                $"""
                UPDATE person SET line_manager_id = @managerId, version = version + 1
                WHERE tenant_id = @tenantId AND id = @personId
                RETURNING {PersonRecord.SelectColumns}
                """, new { tenantId, personId, managerId }, tx, cancellationToken: token));
            await outbox.EnqueueAsync(new ReportingLineChanged
            {
                Person = request.Name,
                LineManager = updated.ToProto().LineManager,
                PreviousLineManager = person.ToProto().LineManager,
            }, tenantId, c, tx, token);
            return updated.ToProto();
        }, ct);
    }
}
