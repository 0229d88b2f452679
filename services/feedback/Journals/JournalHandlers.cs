using System.Text;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.Journals;

/// <summary>
/// Reflective journals (docs/domain.md §2, reflective model): entries private to their author
/// (the policy table lets only the author reach <c>people/{id}/journalEntries</c>); an entry shared
/// with a relationship is read by its participants through <see cref="ListSharedAsync"/>.
/// </summary>
public sealed class JournalHandlers(TenantDatabase db, DataKeyRing keys)
{
    public const string Collection = "journalEntries";

    private sealed record Row(Guid Id, Guid AuthorId, byte[] Prompt, byte[] Body, Guid? SharedWith, DateTime CreatedAt);

    private const string Columns = "id, author_id AS AuthorId, prompt, body, shared_with AS SharedWith, created_at AS CreatedAt";

    public async Task<JournalEntry> CreateAsync(CreateJournalEntryRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse("people", request.Parent, out var authorId)) v.Add("parent", "must be people/{person_id}");
        if (request.JournalEntry is not { } e) v.Add("journal_entry", "is required");
        else
        {
            v.MaxLength("journal_entry.prompt", e.Prompt, 500);
            v.RequireText("journal_entry.body", e.Body, 8000);
        }
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var id = Guid.NewGuid();
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO journal_entry (tenant_id, id, author_id, prompt, body) VALUES (@tenantId, @id, @authorId, @prompt, @body)",
                new
                {
                    tenantId, id, authorId,
                    prompt = await keys.SealAsync(c, tx, tenantId, Encoding.UTF8.GetBytes(request.JournalEntry!.Prompt.Trim()), Place(id, authorId, "prompt"), token),
                    body = await keys.SealAsync(c, tx, tenantId, Encoding.UTF8.GetBytes(request.JournalEntry.Body.Trim()), Place(id, authorId, "body"), token),
                }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, authorId, id, token), token);
        }, ct);
    }

    public async Task<ListJournalEntriesResponse> ListAsync(ListJournalEntriesRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", request.Parent, out var authorId)) throw Violations.Single("parent", "must be people/{person_id}");
        return await ListWhereAsync("author_id = @key", authorId, ct);
    }

    public async Task<ListJournalEntriesResponse> ListSharedAsync(ListSharedJournalEntriesRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        // An entry stays shared only while its author still takes part in the relationship.
        return await ListWhereAsync(
            "shared_with = @key AND EXISTS (SELECT 1 FROM relationship_participant p WHERE p.tenant_id = journal_entry.tenant_id AND p.relationship_id = @key AND p.person_id = journal_entry.author_id)",
            relationshipId, ct);
    }

    public async Task<JournalEntry> ShareAsync(ShareJournalEntryRequest request, CancellationToken ct)
    {
        var v = new Violations();
        var (authorId, id) = Parse(request.Name, v);
        Guid? relationshipId = null;
        if (request.Relationship.Length > 0)
        {
            if (ResourceName.TryParse(RelationshipRow.Collection, request.Relationship, out var r)) relationshipId = r;
            else v.Add("relationship", "must be relationships/{relationship_id}, or empty to stop sharing");
        }
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await LoadAsync(c, tx, tenantId, authorId, id, token);
            if (relationshipId is { } target)
            {
                var relationship = await RelationshipStore.LoadAsync(c, tx, tenantId, target, token);
                if (relationship is null || !relationship.IsParticipant(authorId))
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"You take no part in {request.Relationship}: an entry is shared with your own relationships only."));
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE journal_entry SET shared_with = @relationshipId WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id, relationshipId }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, authorId, id, token), token);
        }, ct);
    }

    private async Task<ListJournalEntriesResponse> ListWhereAsync(string condition, Guid key, CancellationToken ct)
    {
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM journal_entry WHERE tenant_id = @tenantId AND {condition} ORDER BY created_at DESC, id LIMIT 500",
                new { tenantId, key }, tx, cancellationToken: token));
            var response = new ListJournalEntriesResponse();
            foreach (var row in rows) response.JournalEntries.Add(await ViewAsync(c, tx, tenantId, row, token));
            return response;
        }, ct);
    }

    private static async Task<Row> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid authorId, Guid id, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM journal_entry WHERE tenant_id = @tenantId AND author_id = @authorId AND id = @id",
            new { tenantId, authorId, id }, tx, cancellationToken: ct))
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"{NameOf(authorId, id)} not found."));

    private async Task<JournalEntry> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct) => new()
    {
        Name = NameOf(row.AuthorId, row.Id),
        Author = ContentNames.Person(row.AuthorId),
        Prompt = Encoding.UTF8.GetString(await keys.OpenAsync(c, tx, tenantId, row.Prompt, Place(row.Id, row.AuthorId, "prompt"), ct)),
        Body = Encoding.UTF8.GetString(await keys.OpenAsync(c, tx, tenantId, row.Body, Place(row.Id, row.AuthorId, "body"), ct)),
        SharedWith = row.SharedWith is { } r ? ResourceName.Format(RelationshipRow.Collection, r) : "",
        CreateTime = ContentNames.Utc(row.CreatedAt),
    };

    /// <summary>The author of <c>people/{id}/journalEntries/…</c> (for the self rule of the policy table).</summary>
    public static string AuthorOf(string? name) =>
        name is not null && name.Split('/') is { Length: >= 2 } parts && parts[0] == "people" ? $"people/{parts[1]}" : "";

    private static (Guid Author, Guid Entry) Parse(string? name, Violations v)
    {
        if (NestedName.TryParse(name, "people", Collection, out Guid author, out Guid entry)) return (author, entry);
        v.Add("name", "must be people/{person_id}/journalEntries/{entry_id}");
        return default;
    }

    private static string NameOf(Guid authorId, Guid id) => $"{ResourceName.Format("people", authorId)}/{Collection}/{id}";

    private static string Place(Guid id, Guid authorId, string column) => $"journal_entry/{id}/{authorId}/{column}";
}
