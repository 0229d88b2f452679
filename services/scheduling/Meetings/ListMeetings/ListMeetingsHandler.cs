using Grpc.Core;
using Mentoring.BuildingBlocks.Paging;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Relationships;

namespace Mentoring.Scheduling.Meetings.ListMeetings;

/// <summary>
/// Meetings by start time, keyset-paged. A person sees only the meetings they are invited to
/// (with agendas); administrators and applications see the organisation's, without agendas.
/// </summary>
public sealed class ListMeetingsHandler(TenantDatabase db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<ListMeetingsResponse> HandleAsync(ListMeetingsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        Guid? relationshipId = null, personId = null;
        if (request.Relationship.Length > 0)
        {
            if (ResourceName.TryParse(RelationshipRow.Collection, request.Relationship, out var r)) relationshipId = r;
            else v.Add("relationship", "must be relationships/{relationship_id}");
        }
        if (request.Person.Length > 0)
        {
            if (ResourceName.TryParse("people", request.Person, out var p)) personId = p;
            else v.Add("person", "must be people/{person_id}");
        }
        var from = v.UtcTime("start_time", request.StartTime, required: false);
        var to = v.UtcTime("end_time", request.EndTime, required: false);
        if (from is { } f && to is { } t && t <= f) v.Add("end_time", "must be after start_time");
        if (request.PageSize is < 0 or > MaxPageSize) v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        var scope = $"{relationshipId}|{personId}|{from?.Ticks}|{to?.Ticks}|{request.ShowCancelled}";
        (DateTime At, Guid Id)? after = null;
        if (request.PageToken.Length > 0)
        {
            if (KeysetToken.TryDecode(request.PageToken, scope, out var key)) after = key;
            else v.Add("page_token", "is not a token this service issued for these filters");
        }
        v.ThrowIfAny();

        // A person sees only meetings they attend; a person filter then names someone they meet.
        Guid? viewer = null;
        if (caller.Kind == CallerKind.Person)
            viewer = MeetingRules.Acting(caller)
                ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: the token names no person."));
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = db.TenantId;
        var page = await db.InTransactionAsync((c, tx, token) => MeetingStore.QueryAsync(c, tx, tenantId,
            """
            (@relationshipId::uuid IS NULL OR m.relationship_id = @relationshipId)
            AND (@viewer::uuid IS NULL OR EXISTS (SELECT 1 FROM meeting_attendee a
                                                  WHERE a.tenant_id = m.tenant_id AND a.meeting_id = m.id AND a.person_id = @viewer))
            AND (@personId::uuid IS NULL OR EXISTS (SELECT 1 FROM meeting_attendee a
                                                    WHERE a.tenant_id = m.tenant_id AND a.meeting_id = m.id AND a.person_id = @personId))
            AND (@from::timestamptz IS NULL OR m.end_at > @from)
            AND (@to::timestamptz IS NULL OR m.start_at < @to)
            AND (@showCancelled OR m.state <> @cancelled)
            AND (@afterAt::timestamptz IS NULL OR (m.start_at, m.id) > (@afterAt, @afterId))
            ORDER BY m.start_at, m.id
            LIMIT @limit
            """,
            new
            {
                relationshipId, viewer, personId, from, to, showCancelled = request.ShowCancelled, cancelled = (short)MeetingState.Cancelled,
                afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit = size + 1,
            }, token), ct);

        var response = new ListMeetingsResponse();
        response.Meetings.AddRange(page.Take(size).Select(m => m.ToProto(MeetingRules.SeesAgenda(m, caller))));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = KeysetToken.Encode(last.StartAt, last.Id, scope);
        }
        return response;
    }
}
