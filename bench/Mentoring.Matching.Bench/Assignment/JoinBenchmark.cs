using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>One mentee at a time joins a solved 10k x 2k batch, in both modes. Re-optimising joins
/// are checked against a full re-solve of the batch with all the joined mentees.</summary>
internal static class JoinBenchmark
{
    private const int Joins = 101;

    public static bool Run(BenchOptions options)
    {
        var table = new MarkdownTable("batch", "mode", "solve for joins ms", "join median ms", "p95 ms", "max ms",
            "joins moving others", "total score after", "check vs full re-solve");
        var ok = true;
        foreach (var (batch, newcomers) in Batches())
        {
            var problem = EngineAssignment.Problem(batch);
            var solveForJoins = Timing.Median(options.Runs, () => [Timing.Milliseconds(() => AssignmentSolver.SolveForJoins(problem))])[0];
            ok &= Measure(table, batch, newcomers, problem, solveForJoins, JoinMode.Reoptimise);
            Measure(table, batch, newcomers, problem, solveForJoins, JoinMode.SpareCapacityOnly);
        }
        table.Print();
        Console.WriteLine($"Solve for joins = solving the batch and computing its exact dual potentials (median of {options.Runs} runs after a warm-up).");
        Console.WriteLine($"Then {Joins} mentees join one after the other, each join timed alone (after a warm-up batch with a few joins).");
        Console.WriteLine();
        return ok;
    }

    private static IEnumerable<(AssignmentInstance Batch, AssignmentInstance Newcomers)> Batches()
    {
        // The newcomers have the same kind of candidates as the batch (another seed).
        yield return (AssignmentInstances.Uniform(10_000, 2_000, seed: 1), AssignmentInstances.Uniform(Joins, 2_000, seed: 11));
        yield return (AssignmentInstances.Skewed(10_000, 2_000, seed: 2), AssignmentInstances.Skewed(Joins, 2_000, seed: 12));
    }

    private static bool Measure(
        MarkdownTable table, AssignmentInstance batch, AssignmentInstance newcomers, AssignmentProblem problem, double solveForJoins, JoinMode mode)
    {
        var warmUp = AssignmentSolver.SolveForJoins(problem);
        for (var k = 0; k < 5; k++)
            warmUp.Join(Candidates(newcomers, k), mode);

        var solved = AssignmentSolver.SolveForJoins(problem);
        var times = new List<double>();
        var moving = 0;
        for (var k = 0; k < newcomers.MenteeCount; k++)
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
        table.Add(batch.Name, mode.ToString(), MarkdownTable.Ms(solveForJoins), $"{Timing.Median(times):F3}", $"{Timing.Percentile(times, 0.95):F3}",
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
