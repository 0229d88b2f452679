using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Competencies;
using Mentoring.Profile.Credentialing;

namespace Mentoring.Profile.People.ExportPerson;

/// <summary>Everything profile holds about a person, in one document (GDPR right of access).</summary>
public sealed class ExportPersonHandler(TenantDatabase db, AuditLog audit, CredentialingModules modules, TimeProvider clock)
{
    public async Task<ExportPersonResponse> HandleAsync(ExportPersonRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be people/{person_id}");
        var tenantId = db.TenantId;
        var (person, reports, competencies, credentialing) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var person = await c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
                $"SELECT {PersonRecord.SelectColumns} FROM person WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id }, tx, cancellationToken: token));
            var reports = await c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM person WHERE tenant_id = @tenantId AND line_manager_id = @id ORDER BY id",
                new { tenantId, id }, tx, cancellationToken: token));
            var competencies = await PersonCompetencyStore.ListAsync(c, tx, tenantId, id, full: true, token);
            var credentialing = await CredentialingStore.LatestAsync(c, tx, tenantId, id, token);
            return (person, reports.ToList(), competencies, credentialing);
        }, ct);
        if (person is null) throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));

        var response = new ExportPersonResponse { Person = person.ToProto() };
        response.DirectReports.AddRange(reports.Select(r => ResourceName.Format(PersonRecord.Collection, r)));
        response.Competencies.AddRange(competencies);
        if (credentialing is not null) response.Credentialing = credentialing.ToProto(modules.For(tenantId), clock.GetUtcNow().UtcDateTime);
        response.AuditRecords.AddRange(await audit.AboutAsync(db, request.Name, ct));
        return response;
    }
}
