using System.Text;
using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.SessionRecords;

/// <summary>A stored session record: the shared parts and the private notes are sealed separately.</summary>
public sealed record SessionRecordRow(Guid Id, Guid RelationshipId, Guid MeetingId, Guid AuthorId, DateTime MeetingAt, byte[] SharedContent, byte[] PrivateNotes, DateTime CreatedAt);

/// <summary>Reads and writes of <c>session_record</c>; opening content needs the organisation's data key.</summary>
public sealed class SessionRecordStore(DataKeyRing keys)
{
    public const string Collection = "sessionRecords";

    public const string Columns = """
        id, relationship_id AS RelationshipId, meeting_id AS MeetingId, author_id AS AuthorId, meeting_at AS MeetingAt,
        shared_content AS SharedContent, private_notes AS PrivateNotes, created_at AS CreatedAt
        """;

    public static string NameOf(Guid relationshipId, Guid id) =>
        $"{ResourceName.Format(RelationshipRow.Collection, relationshipId)}/{Collection}/{id}";

    /// <summary>(relationship, record) of <c>relationships/{r}/sessionRecords/{id}</c>, or INVALID_ARGUMENT for <paramref name="field"/>.</summary>
    public static (Guid Relationship, Guid Record) Parse(string? name, string field) =>
        NestedName.TryParse(name, RelationshipRow.Collection, Collection, out Guid relationship, out Guid record) ? (relationship, record)
            : throw Violations.Single(field, "must be relationships/{relationship_id}/sessionRecords/{record_id}");

    public async Task<(byte[] Shared, byte[] Private)> SealAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Guid authorId, SessionRecord record, CancellationToken ct)
    {
        var shared = new SessionRecord { Topics = { record.Topics }, Decisions = record.Decisions, ActionItems = { record.ActionItems }, SharedNotes = record.SharedNotes };
        return (await keys.SealAsync(c, tx, tenantId, shared.ToByteArray(), Place(id, authorId, "shared_content"), ct),
            await keys.SealAsync(c, tx, tenantId, Encoding.UTF8.GetBytes(record.PrivateNotes), Place(id, authorId, "private_notes"), ct));
    }

    /// <summary>The record as <paramref name="reader"/> sees it: private notes only when they wrote it.</summary>
    public async Task<SessionRecord> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, SessionRecordRow row, Guid reader, CancellationToken ct)
    {
        var view = SessionRecord.Parser.ParseFrom(await keys.OpenAsync(c, tx, tenantId, row.SharedContent, Place(row.Id, row.AuthorId, "shared_content"), ct));
        view.Name = NameOf(row.RelationshipId, row.Id);
        view.Meeting = ResourceName.Format("meetings", row.MeetingId);
        view.Author = ContentNames.Person(row.AuthorId);
        view.MeetingTime = ContentNames.Utc(row.MeetingAt);
        view.CreateTime = ContentNames.Utc(row.CreatedAt);
        if (row.AuthorId == reader)
            view.PrivateNotes = Encoding.UTF8.GetString(await keys.OpenAsync(c, tx, tenantId, row.PrivateNotes, Place(row.Id, row.AuthorId, "private_notes"), ct));
        return view;
    }

    public static Task<SessionRecordRow?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, Guid id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SessionRecordRow>(new CommandDefinition(
            $"SELECT {Columns} FROM session_record WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND id = @id",
            new { tenantId, relationshipId, id }, tx, cancellationToken: ct));

    /// <summary>Bound to the row and its author: a record whose author was changed in the database does not open.</summary>
    private static string Place(Guid id, Guid authorId, string column) => $"session_record/{id}/{authorId}/{column}";
}
