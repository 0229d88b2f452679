using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Programmes;

/// <summary>A row of <c>enrolment</c> with the person's display name from the projection.</summary>
public sealed class EnrolmentRecord
{
    public const string SelectColumns =
        "e.programme_id AS ProgrammeId, e.person_id AS PersonId, e.role, e.goals, e.competencies, e.capacity, e.created_at AS CreatedAt, " +
        "coalesce(c.display_name, '') AS DisplayName";
    public const string From = "enrolment e LEFT JOIN candidate c ON c.tenant_id = e.tenant_id AND c.person_id = e.person_id";

    public Guid ProgrammeId { get; init; }
    public Guid PersonId { get; init; }
    public short Role { get; init; }
    public string Goals { get; init; } = "";
    public string[] Competencies { get; init; } = [];
    public int Capacity { get; init; }
    public DateTime CreatedAt { get; init; }
    public string DisplayName { get; init; } = "";

    public Enrolment ToProto() => new()
    {
        Name = $"{ProgrammeRecord.NameOf(ProgrammeId)}/enrolments/{PersonId}-{((EnrolmentRole)Role == EnrolmentRole.Mentor ? "mentor" : "mentee")}",
        Person = ResourceName.Format("people", PersonId),
        Role = (EnrolmentRole)Role,
        Goals = Goals,
        Competencies = { Competencies },
        Capacity = Capacity,
        CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        DisplayName = DisplayName,
    };
}
