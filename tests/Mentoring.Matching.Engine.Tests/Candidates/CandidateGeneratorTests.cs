using CsCheck;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Candidates;

public class CandidateGeneratorTests
{
    private static readonly ProgrammeRules OneToOne = ModelDefaults.For(MentoringModel.OneToOne);

    /// <summary>A random programme: a model's defaults with some of the switches flipped, some ended pairs, and people who are mentors and mentees at once.</summary>
    private static readonly Gen<(Participant[] Mentees, Participant[] Mentors, ProgrammeRules Rules, PairHistory History, int TopK)> Scenarios =
        Gen.Select(Gen.Int, Gen.Int[1, 30], Gen.Int[1, 40], Gen.Enum<MentoringModel>(), Gen.Int[0, 63], Gen.Int[1, 12])
            .Select((seed, menteeCount, mentorCount, model, switches, topK) =>
            {
                var (mentees, mentors) = CandidateWorkload.Generate(seed, menteeCount, mentorCount);
                var random = new Random(seed);
                mentors = [.. mentors, .. mentees.Where(_ => random.Next(5) == 0)];
                var rules = ModelDefaults.For(model) with
                {
                    AllowSupervisory = (switches & 1) != 0,
                    ExcludeSharedLineManager = (switches & 2) != 0,
                    AllowRepairingEndedPairs = (switches & 4) != 0,
                    MaxTimeZoneGapHours = (switches & 8) != 0 ? null : 1 + random.Next(12),
                    SameAreaRequired = (switches & 16) != 0,
                    FocusCompetencies = (switches & 32) != 0 ? new HashSet<string> { "c01", "c02", "c03", "c05", "c08", "c13" } : null,
                };
                var ended = mentees.SelectMany(e => mentors.Where(_ => random.Next(10) == 0).Select(m => (e.Id, m.Id))).ToList();
                return (mentees, mentors, rules, new PairHistory(ended), topK);
            });

    [Fact]
    public void Keeps_the_best_feasible_mentors_and_counts_exclusions_as_a_pair_by_pair_check_does()
    {
        Scenarios.Sample(s =>
        {
            var generator = new CandidateGenerator(s.Mentors, s.Rules, s.History, new CandidateOptions { TopK = s.TopK });
            var results = generator.Generate(s.Mentees);
            Assert.Equal(s.Mentees.Length, results.Count);

            for (var i = 0; i < s.Mentees.Length; i++)
            {
                var mentee = s.Mentees[i];
                var all = s.Mentors.Select(m => CandidateGenerator.Explain(mentee, m, s.Rules, s.History)).ToList();
                var feasible = all.Where(e => e.IsFeasible)
                    .OrderByDescending(e => e.IntegerScore).ThenBy(e => e.Mentor.DisplayName, StringComparer.Ordinal).ThenBy(e => e.Mentor.Id)
                    .ToList();
                var expectedExclusions = all.Where(e => !e.IsFeasible)
                    .GroupBy(e => e.Violations[0].Constraint).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();

                var result = results[i];
                Assert.Same(mentee, result.Mentee);
                Assert.Equal(feasible.Count, result.FeasibleCount);
                Assert.Equal(feasible.Take(s.TopK).Select(e => (e.Mentor.Id, e.IntegerScore)),
                    result.Candidates.Select(c => (c.Mentor.Id, c.IntegerScore)));
                Assert.Equal(expectedExclusions, result.Exclusions.Select(x => (x.Constraint, x.Count)));
                Assert.Equal(s.Mentors.Length, result.FeasibleCount + result.ExcludedCount);
                foreach (var candidate in result.Candidates)
                {
                    Assert.True(candidate.IsFeasible);
                    Assert.Equal(candidate.IntegerScore, candidate.Factors.Sum(f => f.IntegerContribution));
                    Assert.Equal(ReferenceScorer.Score(mentee, candidate.Mentor, s.Rules), candidate.IntegerScore);
                }
            }
        }, iter: 60);
    }

    [Fact]
    public void The_result_does_not_depend_on_how_many_threads_ran()
    {
        var (mentees, mentors) = CandidateWorkload.Generate(7, 300, 200);
        static IEnumerable<(Guid, int)> Flat(IReadOnlyList<MenteeCandidates> r) => r.SelectMany(m => m.Candidates.Select(c => (c.Mentor.Id, c.IntegerScore)));
        var rules = ModelDefaults.For(MentoringModel.Group);
        var one = new CandidateGenerator(mentors, rules, options: new CandidateOptions { MaxDegreeOfParallelism = 1, TopK = 10 }).Generate(mentees);
        var many = new CandidateGenerator(mentors.Reverse().ToArray(), rules, options: new CandidateOptions { TopK = 10 }).Generate(mentees);
        Assert.Equal(Flat(one), Flat(many));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_display_name_then_id()
    {
        var template = People.Mentor();
        var (low, high) = (new Guid("00000000-0000-0000-0000-000000000001"), new Guid("00000000-0000-0000-0000-000000000002"));
        Participant[] mentors =
        [
            template with { Id = People.NewId(), DisplayName = "Bea" },
            template with { Id = high, DisplayName = "Ana" },
            template with { Id = low, DisplayName = "Ana" },
            template with { Id = People.NewId(), DisplayName = "ana" },
        ];
        var result = new CandidateGenerator(mentors, OneToOne).Generate(People.Mentee());
        Assert.Equal([low, high, mentors[0].Id, mentors[3].Id], result.Candidates.Select(c => c.Mentor.Id));
    }

    [Fact]
    public void An_admin_sees_why_mentors_were_excluded()
    {
        Participant[] mentors =
        [
            People.Mentor() with { Languages = ["de"] },
            People.Mentor() with { Languages = ["de"], CapacityRemaining = 0 },
            People.Mentor() with { Languages = ["es"] },
            People.Mentor(),
        ];
        var result = new CandidateGenerator(mentors, OneToOne).Generate(People.Mentee());
        Assert.Equal(["1 mentor excluded: no capacity left", "2 mentors excluded: no common language"], result.Exclusions.Select(e => e.Describe()));
        Assert.Equal(1, result.FeasibleCount);
        Assert.Single(result.Candidates);
    }

    [Fact]
    public void Supervisory_candidates_carry_the_conflict_of_interest_warning()
    {
        var mentor = People.Mentor();
        var mentee = People.Mentee() with { LineManagerChain = [mentor.Id] };
        var candidate = Assert.Single(new CandidateGenerator([mentor], OneToOne with { AllowSupervisory = true }).Generate(mentee).Candidates);
        Assert.Contains("conflict of interest", Assert.Single(candidate.Warnings));
    }

    [Fact]
    public void Explains_a_pair_with_a_prepared_mentor_or_any_other()
    {
        var inPool = People.Mentor();
        var generator = new CandidateGenerator([inPool], OneToOne);
        var mentee = People.Mentee();
        Assert.Equal(10_000, generator.Explain(mentee, inPool).IntegerScore);
        var outsider = People.Mentor() with { Languages = ["de"] };
        Assert.Equal(ConstraintCode.NoCommonLanguage, Assert.Single(generator.Explain(mentee, outsider).Violations).Constraint);
    }

    [Fact]
    public void Refuses_invalid_rules_and_mentors_listed_twice()
    {
        var mentor = People.Mentor();
        var error = Assert.Throws<ArgumentException>(() => new CandidateGenerator([mentor], OneToOne with { GroupSizeMin = 0 }));
        Assert.Contains("group_size_min", error.Message);
        Assert.Throws<ArgumentException>(() => new CandidateGenerator([mentor, mentor], OneToOne));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandidateGenerator([mentor], OneToOne, options: new CandidateOptions { TopK = 0 }));
    }

    [Fact]
    public void No_mentors_means_no_candidates()
    {
        var result = new CandidateGenerator([], OneToOne).Generate(People.Mentee());
        Assert.Empty(result.Candidates);
        Assert.Empty(result.Exclusions);
    }
}
