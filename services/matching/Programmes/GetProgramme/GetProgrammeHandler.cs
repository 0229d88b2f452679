using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Npgsql;

namespace Mentoring.Matching.Programmes.GetProgramme;

public sealed class GetProgrammeHandler(TenantDatabase db)
{
    public async Task<Programme> HandleAsync(GetProgrammeRequest request, CancellationToken ct)
    {
        var id = ParseOrThrow(request.Name, "name");
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => LoadAsync(c, tx, tenantId, id, token), ct);
        return record?.ToProto() ?? throw ProgrammeRecord.NotFound(request.Name);
    }

    public static Guid ParseOrThrow(string name, string field) =>
        ResourceName.TryParse(ProgrammeRecord.Collection, name, out var id) ? id : throw Violations.Single(field, "must be programmes/{programme_id}");

    public static Task<ProgrammeRecord?> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        c.QuerySingleOrDefaultAsync<ProgrammeRecord>(new CommandDefinition(
            $"SELECT {ProgrammeRecord.SelectColumns} FROM programme WHERE tenant_id = @tenantId AND id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, id }, tx, cancellationToken: ct));
}
