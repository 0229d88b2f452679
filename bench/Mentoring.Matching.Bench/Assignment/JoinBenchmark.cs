using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>One mentee at a time joins a solved 10k x 2k batch, in both modes. Re-optimising joins
/// are checked against a full re-solve of the batch with all the joined mentees.</summary>
internal static class JoinBenchmark
{
    private const int Joins = 100;

    public static bool Run(BenchOptions options)
    {
        var table = new MarkdownTable("batch", "mode", "first join ms", "median ms", "p95 ms", "max ms",
            "joins moving others", "total score after", "check vs full re-solve");
        var ok = true;
        foreach (var (batch, newcomers) in Batches())
        {
            var problem = EngineAssignment.Problem(batch);
            ok &= Measure(table, batch, newcomers, problem, JoinMode.Reoptimise);
            Measure(table, batch, newcomers, problem, JoinMode.SpareCapacityOnly);
        }
        table.Print();
        Console.WriteLine($"{Joins} joins after the first, each timed alone. The first re-optimising join also computes the batch's exact dual potentials (once per batch).");
        Console.WriteLine();
        return ok;
    }

    private static IEnumerable<(AssignmentInstance Batch, AssignmentInstance Newcomers)> Batches()
    {
        // The newcomers have the same kind of candidates as the batch (another seed).
        yield return (AssignmentInstances.Uniform(10_000, 2_000, seed: 1), AssignmentInstances.Uniform(Joins + 1, 2_000, seed: 11));
        yield return (AssignmentInstances.Skewed(10_000, 2_000, seed: 2), AssignmentInstances.Skewed(Joins + 1, 2_000, seed: 12));
    }

    private static bool Measure(MarkdownTable table, AssignmentInstance batch, AssignmentInstance newcomers, AssignmentProblem problem, JoinMode mode)
    {
        var solved = AssignmentSolver.SolveForJoins(problem);
        var first = Timing.Milliseconds(() => solved.Join(Candidates(newcomers, 0), mode));
        var times = new List<double>();
        var moving = 0;
        for (var k = 1; k <= Joins; k++)
        {
            var candidates = Candidates(newcomers, k);
            JoinOutcome? outcome = null;
            times.Add(Timing.Milliseconds(() => outcome = solved.Join(candidates, mode)));
            moving += outcome!.OthersMoved ? 1 : 0;
        }

        var check = "";
        var ok = true;
        if (mode == JoinMode.Reoptimise)
        {
            var full = AssignmentSolver.Solve(Combined(batch, newcomers)).TotalScore;
            ok = full == solved.TotalScore;
            check = ok ? "same" : $"MISMATCH (re-solve {full:N0})";
        }
        table.Add(batch.Name, mode.ToString(), MarkdownTable.Ms(first), $"{Timing.Median(times):F3}", $"{Timing.Percentile(times, 0.95):F3}",
            $"{times.Max():F3}", $"{moving}", $"{solved.TotalScore:N0}", check);
        return ok;
    }

    private static List<MentorCandidate> Candidates(AssignmentInstance newcomers, int mentee)
    {
        var candidates = new List<MentorCandidate>();
        for (var a = 0; a < newcomers.ArcCount; a++)
        {
            if (newcomers.ArcMentee[a] == mentee)
                candidates.Add(new MentorCandidate(newcomers.ArcMentor[a], newcomers.ArcScore[a]));
        }
        return candidates;
    }

    private static AssignmentProblem Combined(AssignmentInstance batch, AssignmentInstance newcomers)
    {
        var builder = new AssignmentProblemBuilder(batch.MenteeCount + newcomers.MenteeCount, batch.MentorCapacity);
        for (var a = 0; a < batch.ArcCount; a++)
            builder.AddCandidate(batch.ArcMentee[a], batch.ArcMentor[a], batch.ArcScore[a]);
        for (var a = 0; a < newcomers.ArcCount; a++)
            builder.AddCandidate(batch.MenteeCount + newcomers.ArcMentee[a], newcomers.ArcMentor[a], newcomers.ArcScore[a]);
        return builder.Build();
    }
}
