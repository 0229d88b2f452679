using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Programmes.Enrol;

/// <summary>Enrols (or re-enrols, replacing the answers) a person as mentor or mentee of a programme.</summary>
public sealed class EnrolHandler(TenantDatabase db)
{
    public const int MaxGoals = 2000;
    public const int MaxCapacity = 50;

    private sealed record PersonState(bool IsMentor, bool IsMentee, short Status);

    public async Task<Enrolment> HandleAsync(EnrolRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(ProgrammeRecord.Collection, request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        var e = request.Enrolment;
        var personId = Guid.Empty;
        if (e is null) v.Add("enrolment", "is required");
        else
        {
            if (!ResourceName.TryParse("people", e.Person, out personId)) v.Add("enrolment.person", "must be people/{person_id}");
            if (e.Role is EnrolmentRole.Unspecified || !Enum.IsDefined(e.Role)) v.Add("enrolment.role", "must be MENTOR or MENTEE");
            v.MaxLength("enrolment.goals", e.Goals, MaxGoals);
            if (e.Capacity is < 0 or > MaxCapacity) v.Add("enrolment.capacity", $"must be between 0 and {MaxCapacity}");
            if (e.Role == EnrolmentRole.Mentee && e.Capacity != 0) v.Add("enrolment.capacity", "is for mentors only");
            foreach (var competency in e.Competencies.Where(c => !ResourceName.TryParse("competencies", c, out _)).Take(1))
                v.Add("enrolment.competencies", $"'{competency}' is not competencies/{{competency_id}}");
        }
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) is null) throw ProgrammeRecord.NotFound(request.Programme);
            var person = await c.QuerySingleOrDefaultAsync<PersonState>(new CommandDefinition(
                "SELECT is_mentor AS IsMentor, is_mentee AS IsMentee, status FROM candidate WHERE tenant_id = @tenantId AND person_id = @personId AND version < @erased",
                new { tenantId, personId, erased = Erasure.TombstoneVersion }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{e!.Person} not found (or not yet known to matching)."));
            if (e!.Role == EnrolmentRole.Mentor ? !person.IsMentor : !person.IsMentee)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{e.Person} does not hold the {e.Role.ToString().ToUpperInvariant()} role in profile."));
            if (person.Status != 1)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{e.Person} is not active (on leave or gone)."));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO enrolment (tenant_id, programme_id, person_id, role, goals, competencies, capacity)
                VALUES (@tenantId, @programmeId, @personId, @role, @goals, @competencies, @capacity)
                ON CONFLICT (tenant_id, programme_id, person_id, role) DO UPDATE
                    SET goals = excluded.goals, competencies = excluded.competencies, capacity = excluded.capacity, updated_at = now()
                """,
                new { tenantId, programmeId, personId, role = (short)e.Role, goals = e.Goals.Trim(), competencies = e.Competencies.Distinct().Order().ToArray(), capacity = e.Capacity },
                tx, cancellationToken: token));
            return (await c.QuerySingleAsync<EnrolmentRecord>(new CommandDefinition(
                $"SELECT {EnrolmentRecord.SelectColumns} FROM {EnrolmentRecord.From} WHERE e.tenant_id = @tenantId AND e.programme_id = @programmeId AND e.person_id = @personId AND e.role = @role",
                new { tenantId, programmeId, personId, role = (short)e.Role }, tx, cancellationToken: token))).ToProto();
        }, ct);
    }
}
