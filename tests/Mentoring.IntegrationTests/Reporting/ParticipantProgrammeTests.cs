using Dapper;
using Mentoring.Contracts.Matching.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Reporting;

/// <summary>
/// Every relationship projection keeps the programme on its participant rows (the report sections
/// read a programme's participants by it), whichever of matching's events arrives first.
/// </summary>
public sealed class ParticipantProgrammeTests() : ServicesUnderTest("scheduling", "feedback", "profile")
{
    private static readonly string[] Projections = ["scheduling", "feedback", "profile"];

    [Fact]
    public async Task Participants_take_the_programme_whether_they_arrive_before_or_after_it()
    {
        var programme = Guid.NewGuid();
        string[] mentors = [$"people/{Guid.NewGuid()}"], mentees = [$"people/{Guid.NewGuid()}", $"people/{Guid.NewGuid()}"];
        var early = $"relationships/{Guid.NewGuid()}"; // participants first, programme later
        var late = $"relationships/{Guid.NewGuid()}";  // programme first, participants replaced later
        // Each event reaches every projection; the helpers wait for the first, Eventually for the others.
        await MatchingEvents.ParticipantsAsync(Db, Projections[0], early, mentors, mentees, 1);
        await MatchingEvents.StateAsync(Db, Projections[0], late, mentors, mentees[..1], RelationshipState.Proposed, 1, $"programmes/{programme}");
        foreach (var service in Projections)
        {
            await Eventually.True($"{service} has both", async () =>
                (await ProgrammesOfAsync(service, early)).Length == 3 && (await ProgrammesOfAsync(service, late)).Length == 2);
            Assert.Equal([(Guid?)null, null, null], await ProgrammesOfAsync(service, early));
            Assert.Equal([programme, programme], await ProgrammesOfAsync(service, late));
        }

        await MatchingEvents.StateAsync(Db, Projections[0], early, mentors, mentees, RelationshipState.Proposed, 2, $"programmes/{programme}");
        await MatchingEvents.ParticipantsAsync(Db, Projections[0], late, mentors, mentees, 2);
        foreach (var service in Projections)
        {
            await Eventually.True($"{service} knows the programme of every participant", async () =>
                (await ProgrammesOfAsync(service, early)).SequenceEqual([programme, programme, programme])
                && (await ProgrammesOfAsync(service, late)).SequenceEqual([programme, programme, programme]));
        }
    }

    private async Task<Guid?[]> ProgrammesOfAsync(string service, string relationship)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<Guid?>(
            $"SELECT programme_id FROM {service}.relationship_participant WHERE relationship_id = @id ORDER BY person_id",
            new { id = Guid.Parse(relationship["relationships/".Length..]) })).ToArray();
    }
}
