using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.Competencies;

namespace Mentoring.UnitTests.Profile;

public class CompetencyRulesTests
{
    private static CompetencyLevel Level(string label, string description = "can do it") => new() { Label = label, Description = description };

    private static Competency Valid(int levels = 4)
    {
        var competency = new Competency { DisplayName = "Giving feedback", Area = "Leadership", Description = "Helps others grow" };
        competency.Levels.AddRange(Enumerable.Range(1, levels).Select(i => Level($"Level {i}")));
        return competency;
    }

    private static IEnumerable<string> FieldsOf(Competency c) =>
        CompetencyRules.Validate(new Violations(), c, CompetencyRules.Writable, "competency.").Items.Select(v => v.Field);

    [Fact]
    public void A_complete_competency_is_valid() => Assert.Empty(FieldsOf(Valid()));

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(0)]
    public void A_scale_holds_two_to_ten_levels(int levels) => Assert.Equal(["competency.levels"], FieldsOf(Valid(levels)));

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Two_and_ten_levels_are_the_bounds(int levels) => Assert.Empty(FieldsOf(Valid(levels)));

    [Fact]
    public void Every_level_needs_a_label_and_a_descriptor_and_labels_are_unique()
    {
        var competency = Valid(3);
        competency.Levels[0].Label = " ";
        competency.Levels[1].Description = "";
        competency.Levels[2].Label = "level 2"; // same as Levels[1] "Level 2", case-insensitively
        competency.DisplayName = "";
        competency.Area = new string('a', 101);
        Assert.Equal(
            ["competency.display_name", "competency.area", "competency.levels[0].label", "competency.levels[1].description", "competency.levels[2].label"],
            FieldsOf(competency));
    }

    [Fact]
    public void Only_the_fields_asked_for_are_checked() =>
        Assert.Empty(CompetencyRules.Validate(new Violations(), new Competency { DisplayName = "x" }, ["display_name"], "").Items);

    [Theory]
    [InlineData(3, 0, 0)]
    [InlineData(2, 5, 3)]
    [InlineData(4, 4, 0)]
    public void The_gap_is_target_minus_current_and_zero_without_a_target(int current, int target, int gap) =>
        Assert.Equal(gap, CompetencyRules.Gap(current, target));

    [Theory]
    [InlineData(5, 3, 0, new string[0])]
    [InlineData(5, 0, 0, new[] { "current_level" })]
    [InlineData(5, 6, 0, new[] { "current_level" })]
    [InlineData(5, 3, 2, new[] { "target_level" })]
    [InlineData(5, 3, 6, new[] { "target_level" })]
    [InlineData(5, 3, 3, new string[0])]
    [InlineData(5, 1, 5, new string[0])]
    public void Levels_are_within_the_scale_and_the_target_is_not_below_the_current(int scale, int current, int target, string[] fields) =>
        Assert.Equal(fields, CompetencyRules.ValidateLevels(new Violations(), scale, current, target).Items.Select(v => v.Field));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(10, 6)]
    public void Mentors_need_at_least_the_middle_of_the_scale_rounded_up(int levels, int threshold)
    {
        Assert.Equal(threshold, CompetencyRules.MentorThreshold(levels));
        Assert.True(CompetencyRules.CanMentor(levels, threshold));
        Assert.False(CompetencyRules.CanMentor(levels, threshold - 1));
    }

    [Fact]
    public void Person_competency_names_give_the_person_for_the_self_check()
    {
        var person = Guid.NewGuid();
        var competency = Guid.NewGuid();
        var name = PersonCompetencyName.Format(person, competency);
        Assert.Equal($"people/{person}/competencies/{competency}", name);
        Assert.Equal($"people/{person}", PersonCompetencyName.PersonOf(name));
        Assert.Equal($"people/{person}", PersonCompetencyName.PersonOf($"people/{person}"));
        Assert.Equal("", PersonCompetencyName.PersonOf(null));
    }
}
