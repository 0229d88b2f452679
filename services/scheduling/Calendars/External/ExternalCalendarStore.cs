using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Npgsql;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>The stored state of people's published calendars (<c>external_calendar</c>) and its resource names.</summary>
public static class ExternalCalendarStore
{
    public const string Suffix = "/externalCalendar";

    public sealed record Row(string Url, DateTime LinkedAt, DateTime? LastSyncAt, DateTime? LastSuccessAt, string LastError, int BusyIntervalCount);

    /// <summary>The person of <c>people/{person_id}/externalCalendar</c>; a field violation of <c>name</c> otherwise.</summary>
    public static Guid Person(string name, Violations? v = null)
    {
        if (name.EndsWith(Suffix, StringComparison.Ordinal) && ResourceName.TryParse("people", name[..^Suffix.Length], out var person))
            return person;
        if (v is null) throw Violations.Single("name", "must be people/{person_id}/externalCalendar");
        v.Add("name", "must be people/{person_id}/externalCalendar");
        return Guid.Empty;
    }

    /// <summary>The person part of the name, for the policy's self check (null when malformed).</summary>
    public static string? PersonOf(string name) => name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : null;

    public static string NameOf(Guid person) => ResourceName.Format("people", person) + Suffix;

    public static Task<Row?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid person, CancellationToken ct, bool forUpdate = false) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            SELECT url AS Url, linked_at AS LinkedAt, last_sync_at AS LastSyncAt, last_success_at AS LastSuccessAt,
                   last_error AS LastError, busy_interval_count AS BusyIntervalCount
            FROM external_calendar WHERE tenant_id = @tenantId AND person_id = @person{(forUpdate ? " FOR UPDATE" : "")}
            """, new { tenantId, person }, tx, cancellationToken: ct));

    public static ExternalCalendar ToMessage(Guid person, Row? row)
    {
        var message = new ExternalCalendar { Name = NameOf(person), Linked = row is not null };
        if (row is null) return message;
        message.Url = row.Url;
        message.LinkTime = MeetingRecord.Utc(row.LinkedAt);
        if (row.LastSyncAt is { } sync) message.LastSyncTime = MeetingRecord.Utc(sync);
        if (row.LastSuccessAt is { } success) message.LastSuccessTime = MeetingRecord.Utc(success);
        message.LastError = row.LastError;
        message.BusyIntervalCount = row.BusyIntervalCount;
        return message;
    }

    public static RpcException NotLinked(Guid person) =>
        new(new Status(StatusCode.FailedPrecondition, $"{NameOf(person)}: no calendar is linked."));
}
