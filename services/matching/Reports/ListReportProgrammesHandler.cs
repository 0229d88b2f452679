using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Reports;

/// <summary>The programmes the reporting job reports on when it is not told which (docs/reporting.md).</summary>
public sealed class ListReportProgrammesHandler(TenantDatabase db)
{
    public const int Limit = 1000;

    private sealed record Row(Guid Id, string DisplayName, short Model);

    public async Task<ListReportProgrammesResponse> HandleAsync(CancellationToken ct)
    {
        var tenantId = db.TenantId;
        var rows = await db.InTransactionAsync((c, tx, token) => c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT id, display_name AS DisplayName, model FROM programme WHERE tenant_id = @tenantId ORDER BY created_at, id LIMIT {Limit}",
            new { tenantId }, tx, cancellationToken: token)), ct);
        var response = new ListReportProgrammesResponse();
        response.Programmes.AddRange(rows.Select(r => new ReportProgramme
        {
            Name = ResourceName.Format("programmes", r.Id), DisplayName = r.DisplayName, Model = (MentoringModel)r.Model,
        }));
        return response;
    }
}
