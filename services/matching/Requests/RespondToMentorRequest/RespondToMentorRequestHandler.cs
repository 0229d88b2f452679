using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Relationships;

namespace Mentoring.Matching.Requests.RespondToMentorRequest;

/// <summary>
/// The mentor's answer. An acceptance creates the relationship, already accepted by both, and withdraws
/// the mentee's other pending requests; a decline redirects the mentee to another mentor.
/// </summary>
public sealed class RespondToMentorRequestHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<MentorRequest> HandleAsync(RespondToMentorRequestRequest request, Caller caller, CancellationToken ct)
    {
        var (programmeId, requestId) = MentorRequestRecord.ParseOrThrow(request.Name);
        var v = new Violations().MaxLength("note", request.Note, 2000);
        Guid? suggested = null;
        if (!request.Accept)
        {
            if (request.SuggestedMentor.Length == 0) v.Add("suggested_mentor", "is required to decline: point the mentee to someone suitable");
            else if (ResourceName.TryParse("people", request.SuggestedMentor, out var s)) suggested = s;
            else v.Add("suggested_mentor", "must be people/{person_id}");
        }
        else if (request.SuggestedMentor.Length > 0) v.Add("suggested_mentor", "is given only with a decline");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var parties = await c.QuerySingleOrDefaultAsync<(Guid Mentee, Guid Mentor)?>(new CommandDefinition(
                "SELECT mentee_id, mentor_id FROM mentor_request WHERE tenant_id = @tenantId AND programme_id = @programmeId AND id = @requestId",
                new { tenantId, programmeId, requestId }, tx, cancellationToken: token)) ?? throw MentorRequestRecord.NotFound(request.Name);
            if (caller.Kind != CallerKind.Administrator && !(ResourceName.TryParse("people", caller.Person, out var me) && me == parties.Mentor))
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: only the mentor asked answers a request."));
            if (request.Accept) await MentorLocks.AcquireAsync(c, tx, tenantId, [parties.Mentee, parties.Mentor], token);
            var record = (await MentorRequestRecord.LoadAsync(c, tx, tenantId, programmeId, requestId, token))!;
            if (record.StateAt(now) != MentorRequestState.Pending)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} is {record.StateAt(now).ToString().ToUpperInvariant()}, no longer pending."));

            if (!request.Accept)
            {
                if (suggested == record.MentorId) throw Violations.Single("suggested_mentor", "must be someone other than you");
                var enrolled = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM enrolment WHERE tenant_id = @tenantId AND programme_id = @programmeId AND person_id = @suggested AND role = 1)",
                    new { tenantId, programmeId, suggested }, tx, cancellationToken: token));
                if (!enrolled) throw Violations.Single("suggested_mentor", "is not enrolled as a mentor of the programme");
                await UpdateAsync(c, tx, tenantId, record.Id, MentorRequestState.Declined, suggested, request.Note.Trim(), null, token);
            }
            else
            {
                var found = await MenteeInProgramme.LoadAsync(c, tx, tenantId, programmeId, $"programmes/{programmeId}", record.MenteeId,
                    RelationshipRecord.Person(record.MenteeId), now, token);
                if (found.People.Mentors.FirstOrDefault(m => m.Id == record.MentorId) is not { CapacityRemaining: > 0 } mentor)
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, "The mentor has no capacity left in this programme."));
                // The programme's hard constraints still hold (status, credential, reporting line may have changed since the request).
                if (found.Generator(1).Explain(found.Mentee, mentor) is { IsFeasible: false } pair)
                    throw new RpcException(new Status(StatusCode.FailedPrecondition,
                        "The pair no longer meets the programme's rules: " + string.Join(" ", pair.Violations.Select(x => x.Explanation))));
                var created = await RelationshipStore.CreateAsync(c, tx, tenantId,
                    new NewRelationship(programmeId, [record.MentorId], [record.MenteeId], 0) 
                    {
                        EndsAt = found.Rules.LatestEnd(clock.GetUtcNow())?.UtcDateTime,
                        GapTargets = Relationships.GapClosing.GapTargets.Of(found.Rules, found.Mentee),
                    },
                    caller.Subject, $"Requested by the mentee ({request.Name}).", token);
                await outbox.EnqueueAsync(created.ToEvent(RelationshipState.Unspecified), tenantId, c, tx, token);
                // Both have agreed: the mentee by asking, the mentor by accepting.
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE relationship SET state = 2, accepted_by = ARRAY[@mentee, @mentor]::uuid[], version = version + 1, updated_at = now()
                    WHERE tenant_id = @tenantId AND id = @id
                    """, new { tenantId, id = created.Id, mentee = record.MenteeId, mentor = record.MentorId }, tx, cancellationToken: token));
                await RelationshipStore.AppendChangeAsync(c, tx, tenantId, created.Id, RelationshipState.Accepted, caller.Subject, request.Note.Trim(), token);
                var accepted = (await RelationshipStore.LoadAsync(c, tx, tenantId, created.Id, token))!;
                await outbox.EnqueueAsync(accepted.ToEvent(RelationshipState.Proposed), tenantId, c, tx, token);
                await UpdateAsync(c, tx, tenantId, record.Id, MentorRequestState.Accepted, null, request.Note.Trim(), created.Id, token);
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE mentor_request SET state = 4, responded_at = now()
                    WHERE tenant_id = @tenantId AND programme_id = @programmeId AND mentee_id = @mentee AND state = 1 AND id <> @id
                      AND (expires_at IS NULL OR expires_at > @now)
                    """, new { tenantId, programmeId, mentee = record.MenteeId, id = record.Id, now }, tx, cancellationToken: token));
            }
            return (await MentorRequestRecord.LoadAsync(c, tx, tenantId, programmeId, requestId, token))!.ToProto(now);
        }, ct);
    }

    private static Task UpdateAsync(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string tenantId, Guid id, MentorRequestState state,
        Guid? suggested, string note, Guid? relationship, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE mentor_request SET state = @state, suggested_mentor_id = @suggested, response_note = @note, relationship_id = @relationship, responded_at = now()
            WHERE tenant_id = @tenantId AND id = @id
            """, new { tenantId, id, state = (short)state, suggested, note, relationship }, tx, cancellationToken: ct));
}
