using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// Signed-in test people (<see cref="TestIdentity.CastAsync"/>) as people of profile: the row is written
/// under the id their token names (there is no API to choose an id), then an update through the API
/// tells every other service, as any change would.
/// </summary>
public static class Cast
{
    /// <summary>A person with what matching needs: English, video, capacity 2 for mentors.</summary>
    public static Person Details(string name, PersonRole role, SeniorityLevel seniority)
    {
        var p = Samples.Person(name, role, seniority, "engineering", ("go", role == PersonRole.Mentor ? 5 : 1));
        p.Languages.Add("en");
        p.MeetingFormats.Add(MeetingFormat.Video);
        p.MentorCapacity = role == PersonRole.Mentor ? 2 : 0;
        return p;
    }

    public static async Task<string> AdoptAsync(TestDatabase db, ProfileService.ProfileServiceClient partner, string role, Person details)
    {
        var (_, person) = await TestIdentity.CastAsync(role);
        await RowAsync(db, person, details.DisplayName, details.Email);
        details.Name = person;
        await partner.UpdatePersonAsync(new UpdatePersonRequest
        {
            Person = details,
            UpdateMask = new FieldMask { Paths = { "display_name", "seniority_level", "roles", "skills", "languages", "meeting_formats", "mentor_capacity", "time_zone" } },
        });
        return person;
    }

    /// <summary>
    /// Only profile's row of a signed-in person (<paramref name="person"/>, e.g. from <see cref="TestIdentity.CastAsync"/>), for
    /// tests of profile alone that need the person to exist there; no event tells the other services.
    /// </summary>
    public static async Task RowAsync(TestDatabase db, string person, string displayName, string? email = null)
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone)
            VALUES ('acme', @id, @displayName, @email, 'engineering', 1, '{2}', 'UTC') ON CONFLICT DO NOTHING
            """, new { id = Guid.Parse(person["people/".Length..]), displayName, email = email ?? $"{Guid.NewGuid()}@example.org" });
    }
}
