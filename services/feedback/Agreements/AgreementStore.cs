using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.Agreements;

/// <summary>The stored agreement of a relationship: its head row, signatures, and sealed content.</summary>
public sealed record AgreementRow(Guid RelationshipId, int Version, int Revision, byte[] Content, DateTime? SignedAt, Guid UpdatedBy, DateTime UpdatedAt);

public sealed record SignatureRow(Guid PersonId, DateTime SignedAt);

/// <summary>Reads and writes of <c>agreement</c>; the five parts are one sealed <see cref="Agreement"/> message.</summary>
public sealed class AgreementStore(DataKeyRing keys)
{
    public const string Suffix = "/agreement";

    public static string NameOf(Guid relationshipId) => ResourceName.Format(RelationshipRow.Collection, relationshipId) + Suffix;

    /// <summary>The relationship of <c>relationships/{id}/agreement</c>, or an INVALID_ARGUMENT for <paramref name="field"/>.</summary>
    public static Guid Parse(string? name, string field) =>
        name is not null && name.EndsWith(Suffix, StringComparison.Ordinal)
        && ResourceName.TryParse(RelationshipRow.Collection, name[..^Suffix.Length], out var id)
            ? id : throw Violations.Single(field, "must be relationships/{relationship_id}/agreement");

    public static Task<AgreementRow?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, bool forUpdate, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<AgreementRow>(new CommandDefinition(
            $"""
            SELECT relationship_id AS RelationshipId, version, revision, content, signed_at AS SignedAt, updated_by AS UpdatedBy, updated_at AS UpdatedAt
            FROM agreement WHERE tenant_id = @tenantId AND relationship_id = @relationshipId{(forUpdate ? " FOR UPDATE" : "")}
            """, new { tenantId, relationshipId }, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<SignatureRow>> SignaturesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct) =>
        (await c.QueryAsync<SignatureRow>(new CommandDefinition(
            "SELECT person_id AS PersonId, signed_at AS SignedAt FROM agreement_signature WHERE tenant_id = @tenantId AND relationship_id = @relationshipId ORDER BY signed_at, person_id",
            new { tenantId, relationshipId }, tx, cancellationToken: ct))).ToList();

    /// <summary>The five parts of the stored agreement (an empty message when there is none).</summary>
    public async Task<Agreement> PartsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, AgreementRow? row, CancellationToken ct) =>
        row is null ? new Agreement()
            : Agreement.Parser.ParseFrom(await keys.OpenAsync(c, tx, tenantId, row.Content, Place(row.RelationshipId, row.Version), ct));

    public Task<byte[]> SealAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, int version, Agreement parts, CancellationToken ct) =>
        keys.SealAsync(c, tx, tenantId, Parts(parts).ToByteArray(), Place(relationshipId, version), ct);

    /// <summary>Only the five parts, as sealed and compared.</summary>
    public static Agreement Parts(Agreement a) => new()
    {
        Goals = a.Goals?.Clone(), Scope = a.Scope, Trust = a.Trust, Fit = a.Fit?.Clone(), Logistics = a.Logistics?.Clone(),
    };

    /// <summary>The agreement as its participants see it.</summary>
    public async Task<Agreement> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, RelationshipRow relationship, CancellationToken ct)
    {
        var row = await LoadAsync(c, tx, tenantId, relationship.Id, forUpdate: false, ct);
        var view = Parts(await PartsAsync(c, tx, tenantId, row, ct));
        view.Name = NameOf(relationship.Id);
        view.Signatories.AddRange(relationship.Members.Select(m => ContentNames.Person(m.PersonId)));
        view.Etag = ContentNames.Etag(row?.Revision ?? 0);
        if (row is null)
        {
            view.State = AgreementState.Draft;
            return view;
        }
        view.Version = row.Version;
        view.State = row.SignedAt is null ? AgreementState.Draft : AgreementState.Signed;
        view.UpdateTime = ContentNames.Utc(row.UpdatedAt);
        view.UpdatedBy = ContentNames.Person(row.UpdatedBy);
        view.Signatures.AddRange((await SignaturesAsync(c, tx, tenantId, relationship.Id, ct))
            .Select(s => new AgreementSignature { Signer = ContentNames.Person(s.PersonId), SignTime = ContentNames.Utc(s.SignedAt) }));
        return view;
    }

    /// <summary>The sealed content opens only as this version of this relationship's agreement.</summary>
    private static string Place(Guid relationshipId, int version) => $"agreement/{relationshipId}/{version}";

    /// <summary>ABORTED when <paramref name="etag"/> is given and is not the stored revision's.</summary>
    public static void CheckEtag(string etag, AgreementRow? row, string name)
    {
        if (etag.Length > 0 && etag != ContentNames.Etag(row?.Revision ?? 0))
            throw new RpcException(new Status(StatusCode.Aborted, $"{name} changed since it was read; read it again."));
    }
}
