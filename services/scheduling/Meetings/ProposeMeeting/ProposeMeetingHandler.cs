using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Relationships;

namespace Mentoring.Scheduling.Meetings.ProposeMeeting;

/// <summary>
/// Proposes a meeting of a live relationship to all its participants, never double-booking anyone
/// (<see cref="MeetingConflicts"/>). Idempotent by request id: a replay returns the first meeting.
/// </summary>
public sealed class ProposeMeetingHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<Meeting> HandleAsync(ProposeMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        var m = request.Meeting;
        if (m is null) v.Add("meeting", "is required");
        Guid relationshipId = default;
        (DateTime Start, DateTime End)? times = null;
        if (m is not null)
        {
            if (!ResourceName.TryParse(RelationshipRow.Collection, m.Relationship, out relationshipId))
                v.Add("meeting.relationship", "must be relationships/{relationship_id}");
            times = MeetingRules.Times(v, "meeting.start_time", "meeting.end_time", m.StartTime, m.EndTime, now);
            MeetingPlace.Check(v, "meeting.", m.Format, m.Location, m.JoinUrl);
            v.MaxLength("meeting.title", m.Title, 200);
        }
        v.ThrowIfAny();

        var acting = MeetingRules.Acting(caller);
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, m!.Relationship, token);
            var members = relationship.Members;
            await MeetingConflicts.LockAsync(c, tx, tenantId, members.Select(p => p.PersonId), token);
            if (request.RequestId.Length > 0 && await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    "SELECT id FROM meeting WHERE tenant_id = @tenantId AND request_id = @RequestId",
                    new { tenantId, request.RequestId }, tx, cancellationToken: token)) is { } existing)
                return (await MeetingStore.LoadAsync(c, tx, tenantId, existing, token))!;
            await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, members.Select(p => p.PersonId), times!.Value.Start, times.Value.End, null, token);

            var zone = await MeetingWriter.OrganizerZoneAsync(c, tx, tenantId, relationship, acting, token);
            var id = Guid.NewGuid();
            await MeetingWriter.InsertAsync(c, tx, tenantId,
            [
                new NewMeeting(id, relationshipId, times.Value.Start, times.Value.End, (short)m!.Format, m.Location.Trim(), m.JoinUrl.Trim(),
                    m.Title.Trim(), acting is { } who ? MeetingRecord.Person(who) : caller.Subject, zone, request.RequestId),
            ], members, acting, now, token);
            var created = (await MeetingStore.LoadAsync(c, tx, tenantId, id, token))!;
            await outbox.EnqueueAsync(MeetingEvents.Scheduled(created), tenantId, c, tx, token);
            return created;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
