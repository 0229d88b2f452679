using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Profile.Availability;
using Mentoring.Profile.Competencies;
using Mentoring.Profile.Credentialing;
using Mentoring.Profile.RapportProfiles;

namespace Mentoring.Profile.People.ExportPerson;

/// <summary>
/// Everything profile holds about a person, in one document (GDPR right of access). The rapport
/// profile is private to the person: it is part of the export only when the person asks for it.
/// </summary>
public sealed class ExportPersonHandler(TenantDatabase db, AuditLog audit, CredentialingModules modules, TimeProvider clock)
{
    public async Task<ExportPersonResponse> HandleAsync(ExportPersonRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be people/{person_id}");
        var tenantId = db.TenantId;
        var bySelf = caller.Kind == CallerKind.Person && caller.Person == request.Name;
        var (person, reports, competencies, credentialing, availability, rapport) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var person = await c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
                $"SELECT {PersonRecord.SelectColumns} FROM person WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id }, tx, cancellationToken: token));
            var reports = await c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM person WHERE tenant_id = @tenantId AND line_manager_id = @id ORDER BY id",
                new { tenantId, id }, tx, cancellationToken: token));
            var competencies = await PersonCompetencyStore.ListAsync(c, tx, tenantId, id, full: true, token);
            var credentialing = await CredentialingStore.LatestAsync(c, tx, tenantId, id, token);
            var availability = await AvailabilityStore.LoadAsync(c, tx, tenantId, id, token);
            var rapport = bySelf && person is not null ? await RapportProfileHandlers.LoadAsync(c, tx, tenantId, id, token) : null;
            return (person, reports.ToList(), competencies, credentialing, availability, rapport);
        }, ct);
        if (person is null) throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));

        var response = new ExportPersonResponse { Person = person.ToProto() };
        response.DirectReports.AddRange(reports.Select(r => ResourceName.Format(PersonRecord.Collection, r)));
        response.Competencies.AddRange(competencies);
        if (credentialing is not null) response.Credentialing = credentialing.ToProto(modules.For(tenantId), clock.GetUtcNow().UtcDateTime);
        if (availability is not null) response.Availability = availability.ToProto();
        if (rapport is not null) response.RapportProfile = rapport;
        response.AuditRecords.AddRange(await audit.AboutAsync(db, request.Name, ct));
        return response;
    }
}
