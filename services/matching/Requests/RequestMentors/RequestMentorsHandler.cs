using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Requests.RequestMentors;

/// <summary>The mentee asks mentors in priority order; each must be a feasible mentor of the programme.</summary>
public sealed class RequestMentorsHandler(TenantDatabase db, TimeProvider clock)
{
    public const int MaxMessage = 2000;

    public async Task<RequestMentorsResponse> HandleAsync(RequestMentorsRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse("programmes", request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        if (!ResourceName.TryParse("people", request.Mentee, out var menteeId)) v.Add("mentee", "must be people/{person_id}");
        if (request.Mentors.Count == 0) v.Add("mentors", "must name at least one mentor");
        var mentors = new List<Guid>();
        for (var i = 0; i < request.Mentors.Count; i++)
        {
            if (!ResourceName.TryParse("people", request.Mentors[i], out var mentor)) v.Add($"mentors[{i}]", "must be people/{person_id}");
            else if (mentors.Contains(mentor)) v.Add($"mentors[{i}]", "is named twice");
            else mentors.Add(mentor);
        }
        v.MaxLength("message", request.Message, MaxMessage);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            // One mentee's requests are decided one at a time (the limit counts pending ones), and not while one is being accepted.
            await Relationships.MentorLocks.AcquireAsync(c, tx, tenantId, [menteeId], token);
            var found = await MenteeInProgramme.LoadAsync(c, tx, tenantId, programmeId, request.Programme, menteeId, request.Mentee, now, token);
            var pending = (await c.QueryAsync<(Guid Mentor, short Priority)>(new CommandDefinition(
                """
                SELECT mentor_id, priority FROM mentor_request
                WHERE tenant_id = @tenantId AND programme_id = @programmeId AND mentee_id = @menteeId AND state = 1
                  AND (expires_at IS NULL OR expires_at > @now)
                """, new { tenantId, programmeId, menteeId, now }, tx, cancellationToken: token))).ToList();
            var limit = found.Rules.MaxRequestsPerMentee!.Value;
            if (pending.Count + mentors.Count > limit)
                throw Violations.Single("mentors", $"a mentee has at most {limit} pending request(s) in this programme; {pending.Count} already pending");
            var generator = found.Generator(1);
            for (var i = 0; i < mentors.Count; i++)
            {
                if (pending.Any(p => p.Mentor == mentors[i])) v.Add($"mentors[{i}]", "already has a pending request from this mentee");
                var mentor = found.People.Mentors.FirstOrDefault(m => m.Id == mentors[i]);
                if (mentor is null) v.Add($"mentors[{i}]", "is not enrolled as a mentor of the programme");
                else if (generator.Explain(found.Mentee, mentor) is { IsFeasible: false } pair)
                    v.Add($"mentors[{i}]", "is not a suitable mentor here: " + string.Join(" ", pair.Violations.Select(x => x.Explanation)));
            }
            v.ThrowIfAny();

            var expires = found.Rules.RequestExpiryDays is { } days ? now.AddDays(days) : (DateTime?)null;
            var first = pending.Count == 0 ? 1 : pending.Max(p => p.Priority) + 1;
            var response = new RequestMentorsResponse();
            for (var i = 0; i < mentors.Count; i++)
            {
                var record = await c.QuerySingleAsync<MentorRequestRecord>(new CommandDefinition(
                    $"""
                    INSERT INTO mentor_request (tenant_id, id, programme_id, mentee_id, mentor_id, priority, state, message, expires_at)
                    VALUES (@tenantId, @id, @programmeId, @menteeId, @mentor, @priority, 1, @message, @expires)
                    RETURNING {MentorRequestRecord.Columns}
                    """,
                    new { tenantId, id = Guid.CreateVersion7(), programmeId, menteeId, mentor = mentors[i], priority = (short)(first + i), message = request.Message.Trim(), expires },
                    tx, cancellationToken: token));
                response.Requests.Add(record.ToProto(now));
            }
            return response;
        }, ct);
    }
}
