using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Engine.Recurrence;
using Mentoring.Scheduling.Meetings;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace Mentoring.Scheduling.Series;

/// <summary>A row of <c>meeting_series</c>, its rule for the engine, and its mapping to the contract.</summary>
public sealed class SeriesRecord
{
    public const string Collection = "meetingSeries";
    public static readonly LocalDateTimePattern StartPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    public static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public Guid Id { get; init; }
    public Guid RelationshipId { get; init; }
    public string FirstStart { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public int DurationMinutes { get; init; }
    public string Recurrence { get; init; } = "";
    public string[] ExceptionDates { get; init; } = [];
    public short Format { get; init; }
    public string Location { get; init; } = "";
    public string JoinUrl { get; init; } = "";
    public string Title { get; init; } = "";
    public string Organizer { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public IReadOnlyList<Guid> Meetings { get; set; } = [];

    public string Name => NameOf(Id);
    public static string NameOf(Guid id) => ResourceName.Format(Collection, id);
    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    public SeriesRule Rule() => new(
        StartPattern.Parse(FirstStart).Value, DateTimeZoneProviders.Tzdb[TimeZone], Recurrence,
        ExceptionDates.Select(d => DatePattern.Parse(d).Value).ToList());

    public MeetingSeries ToProto()
    {
        var s = new MeetingSeries
        {
            Name = Name,
            Relationship = ResourceName.Format("relationships", RelationshipId),
            FirstStart = FirstStart,
            TimeZone = TimeZone,
            DurationMinutes = DurationMinutes,
            Recurrence = Recurrence,
            Format = (MeetingFormat)Format,
            Location = Location,
            JoinUrl = JoinUrl,
            Title = Title,
            Organizer = Organizer,
            CreateTime = MeetingRecord.Utc(CreatedAt),
        };
        s.ExceptionDates.AddRange(ExceptionDates);
        s.Meetings.AddRange(Meetings.Select(MeetingRecord.NameOf));
        return s;
    }
}

/// <summary>Reads and writes of series rows.</summary>
public static class SeriesStore
{
    public static async Task<SeriesRecord?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var record = await c.QuerySingleOrDefaultAsync<SeriesRecord>(new CommandDefinition(
            $"""
            SELECT id AS Id, relationship_id AS RelationshipId, first_start AS FirstStart, time_zone AS TimeZone,
                   duration_minutes AS DurationMinutes, recurrence AS Recurrence, exception_dates AS ExceptionDates, format AS Format,
                   location AS Location, join_url AS JoinUrl, title AS Title, organizer AS Organizer, created_at AS CreatedAt
            FROM meeting_series WHERE tenant_id = @tenantId AND id = @id{(forUpdate ? " FOR UPDATE" : "")}
            """, new { tenantId, id }, tx, cancellationToken: ct));
        if (record is null) return null;
        record.Meetings = (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM meeting WHERE tenant_id = @tenantId AND series_id = @id ORDER BY series_position",
            new { tenantId, id }, tx, cancellationToken: ct))).ToList();
        return record;
    }

    public static Task InsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Guid relationshipId, SeriesRule rule,
        int durationMinutes, short format, string location, string joinUrl, string title, string organizer, string requestId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meeting_series (tenant_id, id, relationship_id, first_start, time_zone, duration_minutes, recurrence, exception_dates,
                                        format, location, join_url, title, organizer, request_id)
            VALUES (@tenantId, @id, @relationshipId, @firstStart, @zone, @durationMinutes, @recurrence, @exceptionDates,
                    @format, @location, @joinUrl, @title, @organizer, @requestId)
            """,
            new
            {
                tenantId, id, relationshipId, firstStart = SeriesRecord.StartPattern.Format(rule.FirstStart), zone = rule.Zone.Id,
                durationMinutes, recurrence = rule.RRule,
                exceptionDates = rule.ExceptionDates.Select(d => SeriesRecord.DatePattern.Format(d)).ToArray(),
                format, location, joinUrl, title, organizer, requestId,
            }, tx, cancellationToken: ct));

    /// <summary>Stores the series' format, place and title (for its occurrences from now on).</summary>
    public static Task UpdatePlaceAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, PlaceValues place, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meeting_series SET format = @Format, location = @Location, join_url = @JoinUrl, title = @Title
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new { tenantId, id, place.Format, place.Location, place.JoinUrl, place.Title }, tx, cancellationToken: ct));

    /// <summary>Re-points the occurrences from <paramref name="position"/> on to a series split off, counting from there.</summary>
    public static Task MoveOccurrencesAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid from, int position, Guid to, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meeting SET series_id = @to, series_position = series_position - @position
            WHERE tenant_id = @tenantId AND series_id = @from AND series_position >= @position
            """,
            new { tenantId, from, position, to }, tx, cancellationToken: ct));

    /// <summary>Stores a changed rule (after a split) for the series.</summary>
    public static Task UpdateRuleAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, SeriesRule rule, int durationMinutes, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meeting_series SET first_start = @firstStart, recurrence = @recurrence, exception_dates = @exceptionDates, duration_minutes = @durationMinutes
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new
            {
                tenantId, id, firstStart = SeriesRecord.StartPattern.Format(rule.FirstStart), recurrence = rule.RRule, durationMinutes,
                exceptionDates = rule.ExceptionDates.Select(d => SeriesRecord.DatePattern.Format(d)).ToArray(),
            }, tx, cancellationToken: ct));
}
