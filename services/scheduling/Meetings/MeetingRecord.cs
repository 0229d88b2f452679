using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings;

public sealed record AttendeeRow(Guid PersonId, bool Mentor, short Position, short Response, bool Absent);

public sealed record AgendaRow(string Text, Guid AuthorId, DateTime CreatedAt);

/// <summary>A row of <c>meeting</c> with its attendees and agenda, and its mapping to the contract.</summary>
public sealed class MeetingRecord
{
    public const string Collection = "meetings";

    public Guid Id { get; init; }
    public Guid RelationshipId { get; init; }
    public DateTime StartAt { get; init; }
    public DateTime EndAt { get; init; }
    public short Format { get; init; }
    public string Location { get; init; } = "";
    public string JoinUrl { get; init; } = "";
    public string Title { get; init; } = "";
    public short State { get; init; }
    public string Organizer { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string CancelReason { get; init; } = "";
    public int LateChanges { get; init; }
    public int Sequence { get; init; }
    public int Version { get; init; }
    public int? HeldMinutes { get; init; }
    public Guid? SeriesId { get; init; }
    public int? SeriesPosition { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public IReadOnlyList<AttendeeRow> Attendees { get; set; } = [];
    public IReadOnlyList<AgendaRow> Agenda { get; set; } = [];

    public MeetingState StateValue => (MeetingState)State;
    public bool Open => StateValue is MeetingState.Proposed or MeetingState.Confirmed;
    public string Name => NameOf(Id);
    public string Etag => $"\"{Version}\"";
    public IEnumerable<string> Participants => Attendees.Select(a => Person(a.PersonId));

    public static string NameOf(Guid id) => ResourceName.Format(Collection, id);
    public static string Person(Guid id) => ResourceName.Format("people", id);
    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    /// <summary>The meeting as the contract shows it; the agenda only when <paramref name="withAgenda"/> (a participant asks).</summary>
    public Meeting ToProto(bool withAgenda)
    {
        var m = new Meeting
        {
            Name = Name,
            Relationship = ResourceName.Format("relationships", RelationshipId),
            StartTime = Utc(StartAt),
            EndTime = Utc(EndAt),
            Format = (MeetingFormat)Format,
            Location = Location,
            JoinUrl = JoinUrl,
            Title = Title.Length > 0 ? Title : "Mentoring session",
            State = StateValue,
            Organizer = Organizer,
            TimeZone = TimeZone,
            CancelReason = CancelReason,
            LateChanges = LateChanges,
            Sequence = Sequence,
            Etag = Etag,
            CreateTime = Utc(CreatedAt),
            UpdateTime = Utc(UpdatedAt),
            Series = SeriesId is { } series ? ResourceName.Format("meetingSeries", series) : "",
        };
        m.Attendees.AddRange(Attendees.OrderByDescending(a => a.Mentor).ThenBy(a => a.Position).Select(a => new Attendee
        {
            Person = Person(a.PersonId), Response = (Response)a.Response, Mentor = a.Mentor, Absent = a.Absent,
        }));
        if (withAgenda)
            m.Agenda.AddRange(Agenda.Select(i => new AgendaItem { Text = i.Text, Author = Person(i.AuthorId), CreateTime = Utc(i.CreatedAt) }));
        return m;
    }

    public static Timestamp Utc(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
