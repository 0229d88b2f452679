using Mentoring.Matching.Candidates.Scoring;

namespace Mentoring.UnitTests.Matching;

public class CandidateScorerTests
{
    private static ScoringProfile Person(string name, int seniority, params (string Skill, int Level)[] skills) =>
        new(Guid.NewGuid(), name, seniority, skills.ToDictionary(s => s.Skill, s => s.Level));

    [Fact]
    public void Only_strictly_more_senior_mentors_are_candidates()
    {
        var mentee = Person("mentee", 3);
        var ranked = CandidateScorer.Rank(mentee, [Person("junior", 2), Person("peer", 3), Person("senior", 4)]);
        Assert.Equal(["senior"], ranked.Select(c => c.Mentor.DisplayName));
    }

    [Fact]
    public void The_mentee_is_never_their_own_candidate()
    {
        var mentee = Person("self", 1);
        Assert.Empty(CandidateScorer.Rank(mentee, [mentee with { Seniority = 5 }]));
    }

    [Fact]
    public void Skill_coverage_rewards_the_gap_up_to_two_levels()
    {
        var mentee = Person("mentee", 1, ("go", 1), ("sql", 3));
        // go: mentor 5 vs 1 → min(1, 4/2) = 1; sql: mentor 4 vs 3 → 0.5. Mean 0.75 → 52.5 points.
        var scored = CandidateScorer.Score(mentee, Person("m", 2, ("go", 5), ("sql", 4)));
        var coverage = scored.Factors.Single(f => f.Factor == CandidateScorer.SkillCoverage);
        Assert.Equal(52.5, coverage.Points, 6);
        Assert.Contains("go (1→5)", coverage.Explanation);
        Assert.Contains("sql (3→4)", coverage.Explanation);
    }

    [Fact]
    public void A_mentor_weaker_or_equal_in_a_skill_covers_nothing_of_it()
    {
        var mentee = Person("mentee", 1, ("go", 3));
        var scored = CandidateScorer.Score(mentee, Person("m", 2, ("go", 3), ("rust", 5)));
        Assert.Equal(0, scored.Factors.Single(f => f.Factor == CandidateScorer.SkillCoverage).Points);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 30)]
    [InlineData(3, 15)]
    [InlineData(4, 7.5)]
    [InlineData(5, 7.5)]
    public void Seniority_fit_prefers_a_gap_of_one_or_two_levels(int gap, double points)
    {
        var scored = CandidateScorer.Score(Person("mentee", 1), Person("m", 1 + gap));
        Assert.Equal(points, scored.Factors.Single(f => f.Factor == CandidateScorer.SeniorityFit).Points, 6);
    }

    [Fact]
    public void A_mentee_without_skills_is_covered_by_any_mentor_who_lists_skills()
    {
        var mentee = Person("mentee", 1);
        Assert.Equal(100, CandidateScorer.Score(mentee, Person("m", 2, ("x", 1))).Score, 6);
        Assert.Equal(30, CandidateScorer.Score(mentee, Person("m", 2)).Score, 6);
    }

    [Fact]
    public void Factors_add_up_to_the_score_and_ranking_is_best_first_then_by_name_then_id()
    {
        var mentee = Person("mentee", 1, ("go", 1));
        var strong = Person("Zed", 2, ("go", 5));
        var tieA = Person("Amy", 2, ("go", 2));
        var tieB = Person("Bea", 2, ("go", 2));
        var far = Person("Far", 6, ("go", 5));
        var ranked = CandidateScorer.Rank(mentee, [far, tieB, strong, tieA]);

        Assert.Equal(["Zed", "Far", "Amy", "Bea"], ranked.Select(c => c.Mentor.DisplayName));
        Assert.All(ranked, c => Assert.Equal(c.Score, c.Factors.Sum(f => f.Points), 9));
        Assert.All(ranked, c => Assert.InRange(c.Score, 0, 100));
    }

    [Fact]
    public void Equal_scores_and_names_are_ordered_by_id_so_the_order_is_deterministic()
    {
        var mentee = Person("mentee", 1);
        var a = Person("Same", 2) with { PersonId = Guid.Parse("00000000-0000-0000-0000-000000000002") };
        var b = Person("Same", 2) with { PersonId = Guid.Parse("00000000-0000-0000-0000-000000000001") };
        Assert.Equal([b.PersonId, a.PersonId], CandidateScorer.Rank(mentee, [a, b]).Select(c => c.Mentor.PersonId));
    }
}
