using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships.AddCoMentor;

/// <summary>A second, credentialed mentor joins a relationship (co-mentoring, docs/domain.md §5).</summary>
public sealed class AddCoMentorHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    private sealed record CoMentor(short Status, bool Credentialed, DateTime? CredentialExpiresAt);

    public async Task<Relationship> HandleAsync(AddCoMentorRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRecord.Collection, request.Name, out var id)) v.Add("name", "must be relationships/{relationship_id}");
        if (!ResourceName.TryParse("people", request.CoMentor, out var coMentorId)) v.Add("co_mentor", "must be people/{person_id}");
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var record = await RelationshipStore.LoadAsync(c, tx, tenantId, id, token, forUpdate: true) ?? throw RelationshipRecord.NotFound(request.Name);
            if (record.StateValue == RelationshipState.Closed)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} is closed."));
            if (record.Mentors.Count() > 1)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} already has a co-mentor."));
            if (record.Participants.Any(p => p.PersonId == coMentorId))
                throw Violations.Single("co_mentor", "already takes part in the relationship");
            var person = await c.QuerySingleOrDefaultAsync<CoMentor>(new CommandDefinition(
                "SELECT status, credentialed, credential_expires_at AS CredentialExpiresAt FROM candidate WHERE tenant_id = @tenantId AND person_id = @coMentorId AND version < @tombstone",
                new { tenantId, coMentorId, tombstone = Erasure.TombstoneVersion }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.CoMentor} not found."));
            if (person.Status != 1) throw Violations.Single("co_mentor", "is not active");
            if (!person.Credentialed || person.CredentialExpiresAt <= now) throw Violations.Single("co_mentor", "must hold a current mentor credential");
            var mentees = record.Mentees.ToArray();
            var inLine = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                """
                WITH RECURSIVE up (id) AS (
                    SELECT line_manager_id FROM reporting_line WHERE person_id = ANY(@mentees) AND line_manager_id IS NOT NULL
                    UNION SELECT r.line_manager_id FROM reporting_line r JOIN up ON r.person_id = up.id WHERE r.line_manager_id IS NOT NULL
                ), down (id) AS (
                    SELECT person_id FROM reporting_line WHERE line_manager_id = ANY(@mentees)
                    UNION SELECT r.person_id FROM reporting_line r JOIN down ON r.line_manager_id = down.id
                )
                SELECT @coMentorId IN (SELECT id FROM up UNION SELECT id FROM down)
                """, new { mentees, coMentorId }, tx, cancellationToken: token));
            if (inLine) throw Violations.Single("co_mentor", "is in a mentee's reporting line");

            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO relationship_participant (tenant_id, relationship_id, person_id, role, position) VALUES (@tenantId, @id, @coMentorId, 1, 1);
                UPDATE relationship SET version = version + 1, updated_at = now() WHERE tenant_id = @tenantId AND id = @id;
                """, new { tenantId, id, coMentorId }, tx, cancellationToken: token));
            var updated = (await RelationshipStore.LoadAsync(c, tx, tenantId, id, token))!;
            await outbox.EnqueueAsync(new RelationshipParticipantsChanged
            {
                Relationship = updated.Name,
                Mentors = { updated.Mentors.Select(RelationshipRecord.Person) },
                Mentees = { updated.Mentees.Select(RelationshipRecord.Person) },
                Version = updated.Version,
            }, tenantId, c, tx, token);
            return RelationshipView.WithoutParticipantNotes(updated.ToProto()); // administrators only
        }, ct);
    }
}
