using Dapper;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// Matching's relationship events, published as matching would (<see cref="EventBus"/>), then waited
/// for until the named service has projected them (its <c>relationship</c> table at that version).
/// </summary>
public static class MatchingEvents
{
    /// <summary><c>RelationshipStateChanged</c> for <paramref name="relationship"/>; waits until <paramref name="service"/> has it.</summary>
    public static async Task StateAsync(TestDatabase db, string service, string relationship, string[] mentors, string[] mentees,
        RelationshipState state, long version, string? programme = null)
    {
        var e = new RelationshipStateChanged
        {
            Relationship = relationship, Programme = programme ?? $"programmes/{Guid.NewGuid()}", State = state, Version = version,
        };
        e.Mentors.AddRange(mentors);
        e.Mentees.AddRange(mentees);
        await EventBus.PublishAsync(db, e, "matching");
        await ProjectedAsync(db, service, relationship, version);
    }

    /// <summary><c>RelationshipParticipantsChanged</c>; waits until <paramref name="service"/> has the participants of that version.</summary>
    public static async Task ParticipantsAsync(TestDatabase db, string service, string relationship, string[] mentors, string[] mentees, long version)
    {
        var e = new RelationshipParticipantsChanged { Relationship = relationship, Version = version };
        e.Mentors.AddRange(mentors);
        e.Mentees.AddRange(mentees);
        await EventBus.PublishAsync(db, e, "matching");
        var id = Guid.Parse(relationship["relationships/".Length..]);
        await Eventually.True($"{service} has the participants of {relationship} at version {version}", async () =>
        {
            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>(
                $"SELECT EXISTS (SELECT 1 FROM {service}.relationship WHERE id = @id AND participants_version >= @version)", new { id, version });
        });
    }

    private static async Task ProjectedAsync(TestDatabase db, string service, string relationship, long version)
    {
        var id = Guid.Parse(relationship["relationships/".Length..]);
        await Eventually.True($"{service} has {relationship} at version {version}", async () =>
        {
            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>(
                $"SELECT EXISTS (SELECT 1 FROM {service}.relationship WHERE id = @id AND version >= @version)", new { id, version });
        });
    }
}
