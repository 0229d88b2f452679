using System.Text;
using CsvHelper;
using Dapper;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People.ImportPeople;

namespace Mentoring.Profile.People.PeopleCsv;

/// <summary>
/// CSV import (with a dry run that reports every row before anything is written) and export of
/// people, for administrators over REST: <c>POST /profile/v1/people:importCsv?dryRun=true</c>
/// (body <c>text/csv</c>) and <c>GET /profile/v1/people:exportCsv</c>. Rows are keyed by
/// <c>external_id</c>, shared by every CSV import of the organisation (source <c>csv</c>).
/// </summary>
public static class PeopleCsvEndpoints
{
    public const string Source = "csv";

    public sealed record RowResult(int Line, string ExternalId, string Outcome, string Person, IReadOnlyList<ImportViolation> Violations);

    public sealed record ImportReport(bool DryRun, int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<RowResult> Rows);

    public static WebApplication MapPeopleCsv(this WebApplication app)
    {
        app.MapPost("/profile/v1/people:importCsv", ImportAsync)
            .RequireAuthorization(SecurityRegistration.AdministratorsWithScope("profile.write")).DisableAntiforgery();
        app.MapGet("/profile/v1/people:exportCsv", ExportAsync)
            .RequireAuthorization(SecurityRegistration.AdministratorsWithScope("profile.read"));
        return app;
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, bool? dryRun, ImportPeopleHandler import, AuditLog audit, CancellationToken ct)
    {
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the people as text/csv.");
        IReadOnlyList<PeopleCsv.Row> rows;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            rows = PeopleCsv.Parse(new StringReader(await reader.ReadToEndAsync(ct)));
        }
        catch (Exception e) when (e is FormatException or CsvHelperException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The CSV cannot be read.", detail: e.Message);
        }

        var readable = rows.Where(r => r.Problems.Count == 0).ToList();
        var outcomes = await import.ImportAllAsync(readable.Select(r => r.Request).ToList(), Source, dryRun ?? false, ct);
        var byLine = readable.Zip(outcomes).ToDictionary(x => x.First.Line, x => x.Second);
        var results = rows.Select(r => byLine.TryGetValue(r.Line, out var o)
            ? new RowResult(r.Line, r.Request.ExternalId, Name(o.Outcome), o.Person, o.Violations.ToList())
            : new RowResult(r.Line, r.Request.ExternalId, Name(ImportOutcome.Rejected), "",
                r.Problems.Select(p => new ImportViolation { Field = p.Field, Description = p.Problem }).ToList())).ToList();

        if (dryRun != true && Caller.From(request.HttpContext.User) is { } caller)
            await audit.WriteAsync(caller, "POST /profile/v1/people:importCsv", $"{rows.Count} rows", "OK", ct);
        return Results.Ok(new ImportReport(dryRun ?? false,
            results.Count(r => r.Outcome == "CREATED"), results.Count(r => r.Outcome == "UPDATED"),
            results.Count(r => r.Outcome == "UNCHANGED"), results.Count(r => r.Outcome == "REJECTED"), results));
    }

    private static async Task ExportAsync(HttpContext http, TenantDatabase db, CancellationToken ct)
    {
        var tenantId = db.TenantId;
        var people = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<PersonRecord, string, (string, Person)>(
            $"SELECT {PersonRecord.SelectColumns}, coalesce(external_id, '') AS ExternalId FROM person WHERE tenant_id = @tenantId ORDER BY id",
            (person, externalId) => (externalId, person.ToProto()),
            new { tenantId }, tx, splitOn: "ExternalId")).ToList(), ct);
        // Built in memory, then sent asynchronously (Kestrel refuses synchronous writes to the body).
        var text = new StringWriter();
        PeopleCsv.Write(text, people);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=people.csv";
        await http.Response.WriteAsync(text.ToString(), ct);
    }

    private static string Name(ImportOutcome outcome) => outcome.ToString().ToUpperInvariant();
}
