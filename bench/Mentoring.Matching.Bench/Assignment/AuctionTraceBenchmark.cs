using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The batch method's deterministic work on every family (no timing noise): which method
/// the engine chooses and, for the auction, each ε phase's bids (mentees, phantoms), arc scans and
/// early proofs. Same instances as <see cref="FamiliesBenchmark"/> (same seeds).</summary>
internal static class AuctionTraceBenchmark
{
    public static bool Run(BenchOptions options, int mentees, int mentors)
    {
        // The seeds of FamiliesBenchmark: from 1000 over 10k then 50k, from 1000 again at 500k.
        var seed = mentees == 50_000 ? 1000 + InstanceFamilies.All.Length : 1000;
        foreach (var family in InstanceFamilies.All)
        {
            var familySeed = seed++;
            if (!options.Includes(family.Name))
                continue;
            var instance = family.Generate(family.Name, mentees + 205, mentors, familySeed).Split(mentees).Batch;
            if (Environment.GetEnvironmentVariable("BENCH_TRACE_BUILD") == "1")
            {
                var times = new List<double>();
                for (var r = 0; r < 15; r++)
                    times.Add(Timing.Milliseconds(() => EngineAssignment.Problem(instance)));
                Console.WriteLine($"  build problem {family.Name}: median {Timing.Median(times):F1} ms, min {times.Min():F1} ms");
                var adds = new List<double>();
                var builds = new List<double>();
                var batches = new List<double>();
                for (var r = 0; r < 40; r++)
                {
                    var builder = new Mentoring.Matching.Engine.Assignment.AssignmentProblemBuilder(instance.MenteeCount, instance.MentorCapacity);
                    adds.Add(Timing.Milliseconds(() =>
                    {
                        for (var a = 0; a < instance.ArcCount; a++)
                            builder.AddCandidate(instance.ArcMentee[a], instance.ArcMentor[a], instance.ArcScore[a]);
                    }));
                    Mentoring.Matching.Engine.Assignment.AssignmentProblem? problem = null;
                    builds.Add(Timing.Milliseconds(() => problem = builder.Build()));
                    batches.Add(Timing.Milliseconds(() => BatchBuilder.Build(problem!)));
                }
                Console.WriteLine($"    adds {Timing.Median(adds):F1} ms, Build() {Timing.Median(builds):F1} ms, BatchBuilder {Timing.Median(batches):F1} ms; min: adds {adds.Min():F1}, Build() {builds.Min():F1}, BatchBuilder {batches.Min():F1}");
            }
            if (Environment.GetEnvironmentVariable("BENCH_TRACE_TIMING") == "1")
            {
                // Minimum over runs of each stage of AssignmentSolver.Solve (robust to the load).
                var stages = new double[5];
                Array.Fill(stages, double.MaxValue);
                for (var r = 0; r < 8; r++)
                {
                    var w = System.Diagnostics.Stopwatch.StartNew();
                    var problem = EngineAssignment.Problem(instance);
                    var t0 = w.Elapsed.TotalMilliseconds;
                    var st = BatchBuilder.Build(problem);
                    var t1 = w.Elapsed.TotalMilliseconds;
                    var pd = PrimalDualAssignment.TrySolve(st);
                    var t2 = w.Elapsed.TotalMilliseconds;
                    if (pd is null)
                        ScaledAuction.Solve(st);
                    var t3 = w.Elapsed.TotalMilliseconds;
                    ResultBuilder.Build(problem, st, []);
                    var t4 = w.Elapsed.TotalMilliseconds;
                    double[] times = [t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3];
                    for (var k = 0; k < 5; k++)
                        stages[k] = Math.Min(stages[k], times[k]);
                }
                Console.WriteLine($"  min ms {family.Name}: problem {stages[0]:F1}, batch {stages[1]:F1}, primal-dual or its greedy test {stages[2]:F1}, auction {stages[3]:F1}, result {stages[4]:F1}");
            }
            var state = BatchBuilder.Build(EngineAssignment.Problem(instance));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            if (PrimalDualAssignment.TrySolve(state) is not null)
            {
                Console.WriteLine($"{family.Name}: primal-dual, {watch.Elapsed.TotalMilliseconds:F0} ms");
                continue;
            }
            var outcome = ScaledAuction.Solve(state);
            var ms = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"{family.Name}: auction, {ms:F0} ms, {outcome.Phases.Count} phases, " +
                $"bids {outcome.Phases.Sum(p => p.MenteeBids):N0} mentees + {outcome.Phases.Sum(p => p.PhantomBids):N0} phantoms, " +
                $"arc scans {outcome.Phases.Sum(p => p.ArcScans):N0} + proofs {outcome.Phases.Sum(p => p.ProofScans):N0}");
            foreach (var p in outcome.Phases)
                Console.WriteLine($"    eps {p.Epsilon,22:N0}{(p.PhantomEpsilon != p.Epsilon ? $" (phantoms {p.PhantomEpsilon:N0})" : "")}  mentee bids {p.MenteeBids,10:N0}  phantom bids {p.PhantomBids,10:N0}  scans {p.ArcScans,12:N0}{(p.ProofTried ? (p.Proved ? "  proved" : p.ProofFoundNegativeCycle ? "  proof failed (negative cycle)" : "  proof failed (budget)") + $" ({p.ProofScans:N0} scans)" : "")}");
        }
        return true;
    }
}
