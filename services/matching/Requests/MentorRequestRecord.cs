using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Relationships;
using Npgsql;

namespace Mentoring.Matching.Requests;

/// <summary>A row of <c>mentor_request</c>; a pending request past its expiry reads as EXPIRED.</summary>
public sealed class MentorRequestRecord
{
    public const string Columns =
        "id, programme_id AS ProgrammeId, mentee_id AS MenteeId, mentor_id AS MentorId, priority, state, message, " +
        "suggested_mentor_id AS SuggestedMentorId, response_note AS ResponseNote, relationship_id AS RelationshipId, " +
        "created_at AS CreatedAt, expires_at AS ExpiresAt";

    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public Guid MenteeId { get; init; }
    public Guid MentorId { get; init; }
    public short Priority { get; init; }
    public short State { get; init; }
    public string Message { get; init; } = "";
    public Guid? SuggestedMentorId { get; init; }
    public string ResponseNote { get; init; } = "";
    public Guid? RelationshipId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }

    public MentorRequestState StateAt(DateTime now) =>
        State == (short)MentorRequestState.Pending && ExpiresAt is { } at && at <= now ? MentorRequestState.Expired : (MentorRequestState)State;

    public static string NameOf(Guid programmeId, Guid id) => $"{ProgrammeRecord.NameOf(programmeId)}/mentorRequests/{id}";

    public static (Guid Programme, Guid Request) ParseOrThrow(string name)
    {
        var parts = (name ?? "").Split('/');
        if (parts.Length == 4 && parts[2] == "mentorRequests" && ResourceName.TryParse(ProgrammeRecord.Collection, $"{parts[0]}/{parts[1]}", out var programme)
            && Guid.TryParse(parts[3], out var id))
            return (programme, id);
        throw Violations.Single("name", "must be programmes/{programme_id}/mentorRequests/{request_id}");
    }

    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    public MentorRequest ToProto(DateTime now) => new()
    {
        Name = NameOf(ProgrammeId, Id),
        Mentee = RelationshipRecord.Person(MenteeId),
        Mentor = RelationshipRecord.Person(MentorId),
        Priority = Priority,
        State = StateAt(now),
        Message = Message,
        SuggestedMentor = SuggestedMentorId is { } s ? RelationshipRecord.Person(s) : "",
        ResponseNote = ResponseNote,
        CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        ExpireTime = ExpiresAt is { } e ? Timestamp.FromDateTime(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : null,
        Relationship = RelationshipId is { } r ? RelationshipRecord.NameOf(r) : "",
    };

    public static Task<MentorRequestRecord?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, Guid id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<MentorRequestRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM mentor_request WHERE tenant_id = @tenantId AND programme_id = @programmeId AND id = @id FOR UPDATE",
            new { tenantId, programmeId, id }, tx, cancellationToken: ct));
}
