using CsCheck;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Candidates;

public class ScoringTests
{
    private static readonly ProgrammeRules OneToOne = ModelDefaults.For(MentoringModel.OneToOne);

    private static FactorContribution Factor(PairExplanation e, ScoreFactor factor) => e.Factors.Single(f => f.Factor == factor);

    [Fact]
    public void A_pair_that_fits_on_every_factor_scores_100()
    {
        var explanation = CandidateGenerator.Explain(People.Mentee(), People.Mentor(), OneToOne);
        Assert.Equal(10_000, explanation.IntegerScore);
        Assert.Equal(100.0, explanation.Score);
        Assert.All(explanation.Factors, f => Assert.Equal(f.IntegerMaximum, f.IntegerContribution));
        Assert.Equal(ScoreFactors.Count, explanation.Factors.Count);
    }

    [Fact]
    public void Contributions_follow_the_weights_and_add_up_to_the_score()
    {
        // 30/15/15/15/10/5/10 of 100 points.
        var mentor = People.Mentor() with
        {
            Competencies = new Dictionary<string, CompetencyLevel> { ["negotiation"] = new(3), ["sql"] = new(1) }, // covers 1 of 3 levels
            Seniority = 6,                                  // 4 levels up, 2 outside 1..2: half the factor
            FreeHours = HourOfWeekSet.Range(16, 17),        // 1 hour of the 4 wanted
            Interests = new HashSet<string> { "jazz" },     // 1 of 3
            Languages = ["en"],                             // not the mentee's first language: half
            Location = "Paris",                             // remote only: half
        };
        var e = CandidateGenerator.Explain(People.Mentee(), mentor, OneToOne);

        Assert.Equal(1000, Factor(e, ScoreFactor.CompetencyGap).IntegerContribution);
        Assert.Equal(1500, Factor(e, ScoreFactor.AreaOfWork).IntegerContribution);
        Assert.Equal(750, Factor(e, ScoreFactor.SeniorityFit).IntegerContribution);
        Assert.Equal(375, Factor(e, ScoreFactor.Availability).IntegerContribution);
        Assert.Equal(333, Factor(e, ScoreFactor.SharedInterests).IntegerContribution);
        Assert.Equal(250, Factor(e, ScoreFactor.Language).IntegerContribution);
        Assert.Equal(500, Factor(e, ScoreFactor.LocationFormat).IntegerContribution);
        Assert.Equal(e.Factors.Sum(f => f.IntegerContribution), e.IntegerScore);
        Assert.Equal(47.08, e.Score);
    }

    [Fact]
    public void Sentences_say_what_was_measured()
    {
        var mentor = People.Mentor() with
        {
            Competencies = new Dictionary<string, CompetencyLevel> { ["negotiation"] = new(3) },
            Languages = ["en"],
            Location = "Paris",
            Interests = new HashSet<string> { "JAZZ", "chess" },
        };
        var e = CandidateGenerator.Explain(People.Mentee(), mentor, OneToOne,
            options: new CandidateOptions { CompetencyNames = new Dictionary<string, string> { ["negotiation"] = "Negotiation" } });

        Assert.Equal("Covers 1 of the 3 levels the mentee wants to gain: Negotiation 2→4 (mentor 3, partly); sql 1→2 (mentor unassessed, not).",
            Factor(e, ScoreFactor.CompetencyGap).Explanation);
        Assert.Equal("Same area of work (Engineering).", Factor(e, ScoreFactor.AreaOfWork).Explanation);
        Assert.Equal("The mentor (level 4) is 2 levels more senior than the mentee (level 2); as the programme prefers.",
            Factor(e, ScoreFactor.SeniorityFit).Explanation);
        Assert.Equal("8 weekly free hours in common (4 wanted).", Factor(e, ScoreFactor.Availability).Explanation);
        Assert.Equal("2 interests in common: chess, JAZZ.", Factor(e, ScoreFactor.SharedInterests).Explanation);
        Assert.Equal("They share en, not the mentee's first language (fr).", Factor(e, ScoreFactor.Language).Explanation);
        Assert.Equal("Can meet remotely (video).", Factor(e, ScoreFactor.LocationFormat).Explanation);
    }

    [Fact]
    public void Peer_seniority_scores_equality_best()
    {
        var rules = ModelDefaults.For(MentoringModel.Peer);
        var same = CandidateGenerator.Explain(People.Mentee(), People.Mentor() with { Seniority = 2 }, rules);
        var oneUp = CandidateGenerator.Explain(People.Mentee(), People.Mentor() with { Seniority = 3 }, rules);
        var seniority = Factor(same, ScoreFactor.SeniorityFit);
        Assert.Equal(seniority.IntegerMaximum, seniority.IntegerContribution);
        Assert.True(Factor(oneUp, ScoreFactor.SeniorityFit).IntegerContribution < seniority.IntegerContribution);
    }

    [Fact]
    public void Reverse_seniority_scores_a_more_junior_mentor_best()
    {
        var rules = ModelDefaults.For(MentoringModel.Reverse);
        var e = CandidateGenerator.Explain(People.Mentee() with { Seniority = 5 }, People.Mentor() with { Seniority = 3 }, rules);
        var seniority = Factor(e, ScoreFactor.SeniorityFit);
        Assert.Equal(seniority.IntegerMaximum, seniority.IntegerContribution);
        Assert.Contains("2 levels more junior", seniority.Explanation);
    }

    [Fact]
    public void Factors_of_weight_zero_are_neither_scored_nor_listed()
    {
        var rules = ModelDefaults.For(MentoringModel.EMentoring);
        var e = CandidateGenerator.Explain(People.Mentee(), People.Mentor(), rules);
        Assert.DoesNotContain(e.Factors, f => f.Factor == ScoreFactor.LocationFormat);
        Assert.Equal(e.Factors.Sum(f => f.IntegerContribution), e.IntegerScore);
    }

    [Fact]
    public void Only_the_programmes_competencies_count_when_it_has_a_focus()
    {
        var rules = ModelDefaults.For(MentoringModel.TrainingBased) with { FocusCompetencies = new HashSet<string> { "sql" } };
        var mentor = People.Mentor() with { Competencies = new Dictionary<string, CompetencyLevel> { ["sql"] = new(2), ["negotiation"] = new(1) } };
        var factor = Factor(CandidateGenerator.Explain(People.Mentee(), mentor, rules), ScoreFactor.CompetencyGap);
        Assert.Equal(factor.IntegerMaximum, factor.IntegerContribution);
    }

    [Fact]
    public void A_mentee_without_gaps_gets_nothing_from_the_competency_factor_and_is_told_why()
    {
        var mentee = People.Mentee() with { Competencies = new Dictionary<string, CompetencyLevel> { ["sql"] = new(3, 3) } };
        var factor = Factor(CandidateGenerator.Explain(mentee, People.Mentor(), OneToOne), ScoreFactor.CompetencyGap);
        Assert.Equal(0, factor.IntegerContribution);
        Assert.Equal("The mentee has no competency gap to close.", factor.Explanation);
    }

    [Fact]
    public void Weights_become_shares_of_exactly_10000()
    {
        Gen.Int[0, 1000].Array[ScoreFactors.Count].Where(w => w.Sum() > 0).Sample(w =>
        {
            var shares = new FactorShares(new ScoringWeights(w[0], w[1], w[2], w[3], w[4], w[5], w[6]));
            var values = Enum.GetValues<ScoreFactor>().Select(f => shares[f]).ToArray();
            Assert.Equal(FactorShares.Total, values.Sum());
            for (var f = 0; f < w.Length; f++)
                Assert.True(Math.Abs(values[f] - w[f] * 10_000.0 / w.Sum()) < 1, $"factor {f}");
        }, iter: 500);
    }

    [Fact]
    public void The_engine_scores_every_pair_as_the_plain_reference_does()
    {
        Gen.Select(Gen.Int, Gen.Enum<MentoringModel>()).Sample((seed, model) =>
        {
            var (mentees, mentors) = CandidateWorkload.Generate(seed, 8, 8);
            var rules = ModelDefaults.For(model);
            foreach (var mentee in mentees)
                foreach (var mentor in mentors)
                {
                    var e = CandidateGenerator.Explain(mentee, mentor, rules);
                    Assert.Equal(ReferenceScorer.Score(mentee, mentor, rules), e.IntegerScore);
                    Assert.Equal(e.IntegerScore, e.Factors.Sum(f => f.IntegerContribution));
                    Assert.InRange(e.IntegerScore, 0, 10_000);
                }
        }, iter: 100);
    }
}
