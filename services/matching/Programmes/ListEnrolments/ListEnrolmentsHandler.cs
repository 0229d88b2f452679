using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Programmes.ListEnrolments;

public sealed class ListEnrolmentsHandler(TenantDatabase db)
{
    public async Task<ListEnrolmentsResponse> HandleAsync(ListEnrolmentsRequest request, CancellationToken ct)
    {
        var programmeId = GetProgrammeHandler.ParseOrThrow(request.Programme, "programme");
        if (!Enum.IsDefined(request.Role)) throw Violations.Single("role", "must be MENTOR, MENTEE or unspecified");
        var tenantId = db.TenantId;
        var rows = await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) is null) throw ProgrammeRecord.NotFound(request.Programme);
            return (await c.QueryAsync<EnrolmentRecord>(new CommandDefinition(
                $"""
                SELECT {EnrolmentRecord.SelectColumns} FROM {EnrolmentRecord.From}
                WHERE e.tenant_id = @tenantId AND e.programme_id = @programmeId AND (@role = 0 OR e.role = @role)
                ORDER BY e.position
                """, new { tenantId, programmeId, role = (short)request.Role }, tx, cancellationToken: token))).ToList();
        }, ct);
        return new ListEnrolmentsResponse { Enrolments = { rows.Select(r => r.ToProto()) } };
    }
}
