using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships;

public sealed record ParticipantRow(Guid PersonId, short Role, short Position);

public sealed record ChangeRow(short State, string Actor, string Note, DateTime ChangedAt);

/// <summary>A row of <c>relationship</c> with its participants and history, and its mapping to the contract.</summary>
public sealed class RelationshipRecord
{
    public const string Collection = "relationships";
    public const short MentorRole = 1;
    public const short MenteeRole = 2;

    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public short State { get; init; }
    public short CloseReason { get; init; }
    public double Score { get; init; }
    public Guid[] AcceptedBy { get; init; } = [];
    public long Version { get; init; }
    public Guid? RematchOf { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? EndsAt { get; init; }
    /// <summary>The programme's mentoring model (filled with the participants).</summary>
    public short Model { get; set; }
    public IReadOnlyList<ParticipantRow> Participants { get; set; } = [];
    public IReadOnlyList<ChangeRow> History { get; set; } = [];

    public IEnumerable<Guid> Mentors => Participants.Where(p => p.Role == MentorRole).OrderBy(p => p.Position).Select(p => p.PersonId);
    public IEnumerable<Guid> Mentees => Participants.Where(p => p.Role == MenteeRole).OrderBy(p => p.Position).Select(p => p.PersonId);
    public RelationshipState StateValue => (RelationshipState)State;
    public string Name => NameOf(Id);
    public string Etag => $"\"{Version}\"";

    public static string NameOf(Guid id) => ResourceName.Format(Collection, id);
    public static string Person(Guid id) => ResourceName.Format("people", id);
    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    public Relationship ToProto()
    {
        var r = new Relationship
        {
            Name = Name,
            Programme = ResourceName.Format("programmes", ProgrammeId),
            State = StateValue,
            CloseReason = (Contracts.Matching.V1.CloseReason)CloseReason,
            Score = Score,
            CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
            Etag = Etag,
            RematchOf = RematchOf is { } previous ? NameOf(previous) : "",
            EndTime = EndsAt is { } end ? Timestamp.FromDateTime(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : null,
        };
        r.Mentors.AddRange(Mentors.Select(Person));
        r.Mentees.AddRange(Mentees.Select(Person));
        r.AcceptedBy.AddRange(AcceptedBy.Order().Select(Person));
        r.History.AddRange(History.Select(h => new RelationshipChange
        {
            State = (RelationshipState)h.State, Actor = h.Actor, Note = h.Note,
            ChangeTime = Timestamp.FromDateTime(DateTime.SpecifyKind(h.ChangedAt, DateTimeKind.Utc)),
        }));
        return r;
    }

    public RelationshipStateChanged ToEvent(RelationshipState previous) => new()
    {
        Relationship = Name,
        Programme = ResourceName.Format("programmes", ProgrammeId),
        Mentors = { Mentors.Select(Person) },
        Mentees = { Mentees.Select(Person) },
        PreviousState = previous,
        State = StateValue,
        CloseReason = (Contracts.Matching.V1.CloseReason)CloseReason,
        Version = Version,
        Model = (MentoringModel)Model,
    };
}
