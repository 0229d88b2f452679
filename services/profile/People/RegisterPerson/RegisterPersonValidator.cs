using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.RegisterPerson;

/// <summary>The rules of a registration, field by field (pure; no I/O).</summary>
public static class RegisterPersonValidator
{
    public const int MaxSkills = PersonFields.MaxSkills;

    public static Violations Validate(RegisterPersonRequest request)
    {
        var v = new Violations();
        v.MaxLength("request_id", request.RequestId, 100);
        if (request.Person is null) return v.Add("person", "is required");
        PersonFields.Validate(v, request.Person, PersonFields.Writable, "person.", statusMayBeUnspecified: true);
        return v;
    }
}
