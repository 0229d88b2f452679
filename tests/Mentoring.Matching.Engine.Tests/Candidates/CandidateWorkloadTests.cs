using Mentoring.Matching.Engine.Candidates;

namespace Mentoring.Matching.Engine.Tests.Candidates;

public class CandidateWorkloadTests
{
    [Fact]
    public void The_same_seed_gives_the_same_people()
    {
        var (menteesA, mentorsA) = CandidateWorkload.Generate(3, 50, 20);
        var (menteesB, mentorsB) = CandidateWorkload.Generate(3, 50, 20);
        static string Describe(Participant p) =>
            $"{p.Id} {p.DisplayName} {p.AreaOfWork} {p.Seniority} {p.UtcOffsetMinutes} {string.Join(",", p.Languages)} {p.Formats} {p.IsActive} " +
            $"{p.IsCredentialed} {p.CapacityRemaining} {string.Join(",", p.Competencies.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))} " +
            $"{string.Join(",", p.Interests.Order())} {p.FreeHours} {p.Location} {string.Join(",", p.LineManagerChain)}";
        Assert.Equal(menteesA.Select(Describe), menteesB.Select(Describe));
        Assert.Equal(mentorsA.Select(Describe), mentorsB.Select(Describe));
    }

    [Fact]
    public void Everyone_reports_to_someone_more_senior_without_cycles()
    {
        var (mentees, mentors) = CandidateWorkload.Generate(5, 300, 100);
        var everyone = mentees.Concat(mentors).ToDictionary(p => p.Id);
        foreach (var person in everyone.Values)
        {
            Assert.DoesNotContain(person.Id, person.LineManagerChain);
            if (person.LineManagerId is { } manager)
            {
                Assert.True(everyone[manager].Seniority > person.Seniority);
                Assert.Equal(person.LineManagerChain.Skip(1), everyone[manager].LineManagerChain);
            }
        }
    }
}
