using Google.Rpc;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Valid people to register, unique per call, and helpers to read error details.</summary>
public static class Samples
{
    public static Person Person(
        string displayName, PersonRole role, SeniorityLevel seniority, string area = "engineering",
        params (string Name, int Level)[] skills)
    {
        var person = new Person
        {
            DisplayName = displayName,
            Email = $"{displayName.Replace(' ', '.').ToLowerInvariant()}.{Guid.NewGuid():N}@example.org",
            AreaOfWork = area,
            SeniorityLevel = seniority,
            Roles = { role },
            TimeZone = "Europe/Paris",
        };
        person.Skills.AddRange(skills.Select(s => new Skill { Name = s.Name, Level = s.Level }));
        return person;
    }

    public static RegisterPersonRequest Register(Person person, string requestId = "") =>
        new() { Person = person, RequestId = requestId };

    /// <summary>The fields of the google.rpc.BadRequest detail of an INVALID_ARGUMENT error.</summary>
    public static IReadOnlyList<string> ViolatedFields(RpcException e)
    {
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest.FieldViolations.Select(v => v.Field).ToList();
    }
}
