using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Bench.Candidates;

/// <summary>
/// Candidate generation and scoring for 10,000 mentees × 2,000 mentors, top 50 each, under several models'
/// rules; then writing the explanation sentences of every kept candidate (done lazily by the engine: a page
/// of candidates costs microseconds, all 500,000 are timed here for completeness).
/// </summary>
internal static class CandidateBenchmark
{
    public static bool Run(BenchOptions options)
    {
        var (mentees, mentors) = CandidateWorkload.Generate(seed: 42, menteeCount: 10_000, mentorCount: 2_000);
        var table = new MarkdownTable("rules", "pairs scanned", "feasible pairs", "kept", "generate ms", "explain all kept ms");
        foreach (var model in new[] { MentoringModel.OneToOne, MentoringModel.Competency, MentoringModel.Reverse })
        {
            var rules = ModelDefaults.For(model) with { CredentialRequired = false };
            IReadOnlyList<MenteeCandidates> result = [];
            var generate = Timing.Median(options.Runs, () =>
                [Timing.Milliseconds(() => result = new CandidateGenerator(mentors, rules).Generate(mentees))])[0];
            var explain = Timing.Milliseconds(() =>
            {
                foreach (var list in result)
                    foreach (var pair in list.Candidates) _ = pair.Factors.Count;
            });
            table.Add(model.ToString(), $"{(long)mentees.Length * mentors.Length:N0}", $"{result.Sum(r => (long)r.FeasibleCount):N0}",
                $"{result.Sum(r => r.Candidates.Count):N0}", MarkdownTable.Ms(generate), MarkdownTable.Ms(explain));
        }
        table.Print();
        return true;
    }
}
