using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Validation;

namespace Mentoring.Scheduling.Meetings;

/// <summary>What every change of a meeting checks: its name, its times, who acts.</summary>
public static class MeetingRules
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(8);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(730);
    public const int MaxNote = 2000;

    public static Guid? Id(Violations v, string field, string name)
    {
        if (ResourceName.TryParse(MeetingRecord.Collection, name, out var id)) return id;
        v.Add(field, "must be meetings/{meeting_id}");
        return null;
    }

    /// <summary>A future start within two years, and an end after it at most 8 hours later.</summary>
    public static (DateTime Start, DateTime End)? Times(Violations v, string startField, string endField, Timestamp? start, Timestamp? end, DateTime now)
    {
        var s = v.UtcTime(startField, start);
        var e = v.UtcTime(endField, end);
        if (s is not { } from || e is not { } to) return null;
        var ok = true;
        if (from <= now) { v.Add(startField, "must be in the future"); ok = false; }
        else if (from - now > MaxAhead) { v.Add(startField, "must be at most 730 days ahead"); ok = false; }
        if (to <= from) { v.Add(endField, $"must be after {startField}"); ok = false; }
        else if (to - from > MaxLength) { v.Add(endField, $"must be at most 8 hours after {startField}"); ok = false; }
        return ok ? (from, to) : null;
    }

    /// <summary>The acting person, when a person acts (applications and administrators act for nobody in particular).</summary>
    public static Guid? Acting(Caller caller) =>
        caller.Kind == CallerKind.Person && ResourceName.TryParse("people", caller.Person, out var person) ? person : null;

    /// <summary>Participants see the agenda; administrators and applications never do.</summary>
    public static bool SeesAgenda(MeetingRecord meeting, Caller caller) =>
        Acting(caller) is { } person && meeting.Attendees.Any(a => a.PersonId == person);

    /// <summary>The meeting, locked for a change by one of its participants (PERMISSION_DENIED for anyone else).</summary>
    public static async Task<MeetingRecord> LoadForParticipantAsync(
        Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string tenantId, Guid id, string name, Guid person, string refusal, CancellationToken ct)
    {
        var meeting = await MeetingStore.LoadAsync(c, tx, tenantId, id, ct, forUpdate: true) ?? throw MeetingRecord.NotFound(name);
        if (meeting.Attendees.All(a => a.PersonId != person)) throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        return meeting;
    }

    /// <summary>Inside the notice period a change needs a note: a field violation without one.</summary>
    public static void RequireNoteWhenLate(bool late, string note, TimeSpan noticePeriod, string what)
    {
        if (late && string.IsNullOrWhiteSpace(note))
            throw Violations.Single("note", $"is required: {what} starts within the notice period ({noticePeriod.TotalHours:0.#} hours)");
    }

    public static RpcException Precondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static void CheckEtag(string given, MeetingRecord meeting)
    {
        if (given.Length > 0 && given != meeting.Etag)
            throw new RpcException(new Status(StatusCode.Aborted, $"{meeting.Name} changed since it was read."));
    }
}
