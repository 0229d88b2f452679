using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Programmes.ListEnrolments;

/// <summary>
/// A programme's enrolments for administrators and applications. A person sees only the mentors of
/// a programme they are enrolled in (a mentor who declines a request redirects the mentee to one of
/// them); never the mentees.
/// </summary>
public sealed class ListEnrolmentsHandler(TenantDatabase db)
{
    public async Task<ListEnrolmentsResponse> HandleAsync(ListEnrolmentsRequest request, Caller caller, CancellationToken ct)
    {
        var programmeId = GetProgrammeHandler.ParseOrThrow(request.Programme, "programme");
        if (!Enum.IsDefined(request.Role)) throw Violations.Single("role", "must be MENTOR, MENTEE or unspecified");
        // A person's listing is narrowed (like their relationships): the mentors only, and only of a programme they are enrolled in.
        Guid? viewer = null;
        if (caller.Kind == CallerKind.Person)
            viewer = ResourceName.TryParse("people", caller.Person, out var self) ? self
                : throw new RpcException(new Status(StatusCode.PermissionDenied, "Not allowed: the token names no person."));
        var role = viewer is null ? request.Role : EnrolmentRole.Mentor;
        var tenantId = db.TenantId;
        var rows = await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) is null) throw ProgrammeRecord.NotFound(request.Programme);
            if (viewer is { } person && (request.Role == EnrolmentRole.Mentee || !await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM enrolment WHERE tenant_id = @tenantId AND programme_id = @programmeId AND person_id = @person)",
                    new { tenantId, programmeId, person }, tx, cancellationToken: token))))
                return [];
            return (await c.QueryAsync<EnrolmentRecord>(new CommandDefinition(
                $"""
                SELECT {EnrolmentRecord.SelectColumns} FROM {EnrolmentRecord.From}
                WHERE e.tenant_id = @tenantId AND e.programme_id = @programmeId AND (@role = 0 OR e.role = @role)
                ORDER BY e.position
                """, new { tenantId, programmeId, role = (short)role }, tx, cancellationToken: token))).ToList();
        }, ct);
        // A person sees who the mentors are and what they offer, not the goals they enrolled with.
        var enrolments = rows.Select(r => r.ToProto()).ToList();
        if (viewer is not null) foreach (var e in enrolments) e.Goals = "";
        return new ListEnrolmentsResponse { Enrolments = { enrolments } };
    }
}
