using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Observations;
using Step = Mentoring.Contracts.Profile.V1.CredentialingStep;
using Outcome = Mentoring.Contracts.Profile.V1.StepOutcome;

namespace Mentoring.UnitTests.Feedback;

public sealed class ObservationRubricsTests
{
    private static ObservationRubric Rubric(int passPercent, params (string Id, bool Crucial)[] criteria)
    {
        var r = new ObservationRubric { PassPercent = passPercent };
        r.Criteria.AddRange(criteria.Select(c => new RubricCriterion { Id = c.Id, Description = $"Does {c.Id}", Crucial = c.Crucial }));
        return r;
    }

    private static List<CriterionRating> Met(ObservationRubric rubric, params string[] notMet) =>
        rubric.Criteria.Select(c => new CriterionRating { Criterion = c.Id, Met = !notMet.Contains(c.Id) }).ToList();

    [Fact]
    public void Every_observed_step_and_no_other_has_a_valid_default_with_a_crucial_factor()
    {
        foreach (var step in new[] { Step.StructuredObservation, Step.CoMentoring, Step.IndependentSession })
        {
            var rubric = ObservationRubrics.Default(step);
            var v = new Violations();
            ObservationRubrics.Check(v, "", rubric);
            Assert.Empty(v.Items);
            Assert.Contains(rubric.Criteria, c => c.Crucial);
            Assert.True(ObservationRubrics.TryParse(ObservationRubrics.NameOf(step), out var parsed));
            Assert.Equal(step, parsed);
            Assert.Equal(Outcome.Passed, ObservationRubrics.Score(rubric, Met(rubric)));
        }
        Assert.False(ObservationRubrics.IsObserved(Step.Selection));
        Assert.False(ObservationRubrics.TryParse("observationRubrics/selection", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationRubrics.Default(Step.InitialCredential));
    }

    [Fact]
    public void A_crucial_factor_not_met_fails_however_many_others_are_met()
    {
        var rubric = Rubric(0, ("a", true), ("b", false), ("c", false));
        Assert.Equal(Outcome.Failed, ObservationRubrics.Score(rubric, Met(rubric, "a")));
        Assert.Equal(Outcome.Passed, ObservationRubrics.Score(rubric, Met(rubric, "b", "c")));
    }

    [Theory]
    [InlineData(50, 2, true)]   // 2 of 4 = 50 %
    [InlineData(51, 2, false)]
    [InlineData(75, 3, true)]
    [InlineData(100, 3, false)]
    [InlineData(100, 4, true)]
    [InlineData(0, 0, true)]
    public void The_others_must_reach_the_pass_percentage(int passPercent, int othersMet, bool passes)
    {
        var rubric = Rubric(passPercent, ("k", true), ("o1", false), ("o2", false), ("o3", false), ("o4", false));
        var notMet = new[] { "o1", "o2", "o3", "o4" }.Skip(othersMet).ToArray();
        Assert.Equal(passes ? Outcome.Passed : Outcome.Failed, ObservationRubrics.Score(rubric, Met(rubric, notMet)));
    }

    [Fact]
    public void A_rubric_of_crucial_factors_only_passes_when_all_are_met()
    {
        var rubric = Rubric(100, ("a", true), ("b", true));
        Assert.Equal(Outcome.Passed, ObservationRubrics.Score(rubric, Met(rubric)));
        Assert.Equal(Outcome.Failed, ObservationRubrics.Score(rubric, Met(rubric, "b")));
    }

    [Fact]
    public void Ratings_must_cover_the_rubric_exactly()
    {
        var rubric = Rubric(50, ("a", true), ("b", false), ("c", false));
        var v = new Violations();
        ObservationRubrics.CheckRatings(v, "observation.", rubric,
            [new CriterionRating { Criterion = "a" }, new CriterionRating { Criterion = "zzz" }, new CriterionRating { Criterion = "a" }]);
        Assert.Equal(["observation.ratings[1].criterion", "observation.ratings[2].criterion", "observation.ratings"], v.Items.Select(i => i.Field));
        Assert.Contains("b, c", v.Items[^1].Description);
    }

    [Fact]
    public void Malformed_rubrics_are_field_violations()
    {
        var rubric = Rubric(120, ("ok", true), ("Not OK", false), ("ok", false), ("-edge", false));
        rubric.Criteria.Add(new RubricCriterion { Id = "blank", Description = " " });
        var v = new Violations();
        ObservationRubrics.Check(v, "r.", rubric);
        Assert.Equal(["r.criteria[1].id", "r.criteria[2].id", "r.criteria[3].id", "r.criteria[4].description", "r.pass_percent"], v.Items.Select(i => i.Field));
        var empty = new Violations();
        ObservationRubrics.Check(empty, "", new ObservationRubric());
        Assert.Equal(["criteria"], empty.Items.Select(i => i.Field));
    }

    [Fact]
    public void The_summary_names_what_was_not_met_in_the_rubrics_words_and_stays_within_bounds()
    {
        var rubric = Rubric(50, ("a", true), ("b", false));
        var summary = ObservationRubrics.Summary(rubric, Met(rubric, "a"));
        Assert.Equal("1 of 2 criteria met; 0 of 1 crucial. Not met: [crucial] Does a.", summary);
        var long_ = Rubric(0, Enumerable.Range(0, 20).Select(i => ($"c{i}", false)).ToArray());
        foreach (var c in long_.Criteria) c.Description = new string('x', 500);
        Assert.Equal(4000, ObservationRubrics.Summary(long_, Met(long_, long_.Criteria.Select(c => c.Id).ToArray())).Length);
    }
}
