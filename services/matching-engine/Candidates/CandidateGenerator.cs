using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// Finds, for each mentee, the best feasible mentors of a programme with explanations, and counts
/// why the others were excluded. Built once per set of mentors and rules (it precomputes the
/// mentors), then asked for any number of mentees; thread-safe once built.
/// </summary>
/// <remarks>
/// The scan of one mentee against all mentors checks the hard constraints cheapest first on
/// precomputed arrays (mentor-only and relation checks precomputed, texts as integer ids,
/// languages and interests as bit words), keeps an integer score and a bounded heap of the best
/// K, and makes explanations for the kept K alone — their factor sentences are written when first
/// read (see <see cref="PairExplanation.Factors"/>). Mentees are scanned in parallel; every result
/// depends only on the inputs, never on thread timing.
/// </remarks>
public sealed class CandidateGenerator
{
    private readonly MentorTable _table;
    private readonly CandidateOptions _options;

    /// <summary>Prepares <paramref name="mentors"/> under <paramref name="rules"/>.</summary>
    /// <exception cref="ArgumentException">The rules are not valid (see <see cref="ProgrammeRulesValidator"/>) or a mentor is listed twice.</exception>
    public CandidateGenerator(IReadOnlyList<Participant> mentors, ProgrammeRules rules, PairHistory? history = null, CandidateOptions? options = null)
    {
        _options = options ?? new CandidateOptions();
        if (_options.TopK < 1) throw new ArgumentOutOfRangeException(nameof(options), "TopK must be at least 1.");
        _table = new MentorTable(mentors, rules, history, _options.CompetencyNames);
    }

    /// <summary>The programme's rules.</summary>
    public ProgrammeRules Rules => _table.Rules;

    /// <summary>How many mentors were prepared.</summary>
    public int MentorCount => _table.Count;

    /// <summary>For each mentee, in the order given, the best <see cref="CandidateOptions.TopK"/> feasible mentors and the exclusion counts.</summary>
    public IReadOnlyList<MenteeCandidates> Generate(IReadOnlyList<Participant> mentees)
    {
        ArgumentNullException.ThrowIfNull(mentees);
        var results = new MenteeCandidates[mentees.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };
        Parallel.For(0, mentees.Count, parallel,
            () => new Scan(_table.Count, _options.TopK),
            (i, _, scan) =>
            {
                results[i] = Run(scan, mentees[i] ?? throw new ArgumentException("A mentee is null.", nameof(mentees)));
                return scan;
            },
            _ => { });
        return results;
    }

    /// <summary>The best feasible mentors of one mentee and the exclusion counts.</summary>
    public MenteeCandidates Generate(Participant mentee)
    {
        ArgumentNullException.ThrowIfNull(mentee);
        return Run(new Scan(_table.Count, _options.TopK), mentee);
    }

    /// <summary>The full explanation of one pair: every constraint it fails and its score. The mentor
    /// need not be one of the prepared mentors.</summary>
    public PairExplanation Explain(Participant mentee, Participant mentor)
    {
        ArgumentNullException.ThrowIfNull(mentee);
        ArgumentNullException.ThrowIfNull(mentor);
        if (_table.TryGetIndex(mentor.Id, out var m) && ReferenceEquals(_table.Mentors[m], mentor)) return ExplainPair(_table, mentee, m);
        return ExplainPair(new MentorTable([mentor], _table.Rules, _table.History, _options.CompetencyNames), mentee, 0);
    }

    /// <summary>The full explanation of one pair under <paramref name="rules"/>: every constraint it
    /// fails (in check order) and its score with each factor's contribution.</summary>
    public static PairExplanation Explain(Participant mentee, Participant mentor, ProgrammeRules rules, PairHistory? history = null, CandidateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mentee);
        ArgumentNullException.ThrowIfNull(mentor);
        return ExplainPair(new MentorTable([mentor], rules, history, options?.CompetencyNames), mentee, 0);
    }

    private static PairExplanation ExplainPair(MentorTable table, Participant mentee, int m)
    {
        var prepared = PairExplanation.Prepare(table, mentee);
        var mentor = table.Mentors[m];
        var explanation = new PairExplanation(table, m, mentee, prepared,
            PairConstraints.Violations(mentee, mentor, table.Rules, table.History),
            table.Score(prepared.Value, m), PairConstraints.Warnings(mentee, mentor, table.Rules));
        _ = explanation.Factors; // one pair: write its sentences now
        return explanation;
    }

    private MenteeCandidates Run(Scan scan, Participant mentee)
    {
        var table = _table;
        var probe = scan.Probe;
        table.Load(probe, mentee);
        scan.Heap.Clear();
        Array.Clear(scan.Excluded);

        var last = table.Count - 1;
        var feasible = 0;
        for (var m = 0; m <= last; m++)
        {
            var violation = table.FirstViolation(probe, m);
            if (violation != 0)
            {
                scan.Excluded[violation]++;
                continue;
            }
            feasible++;
            // Larger key = better: score first, then the earlier mentor in (display name, id) order.
            scan.Heap.Offer(((long)table.Score(probe, m) << 32) | (uint)(last - m));
        }

        var kept = scan.Heap.CopyDescending(scan.Keys);
        var candidates = new PairExplanation[kept];
        var prepared = PairExplanation.Prepare(table, mentee);
        for (var k = 0; k < kept; k++)
        {
            var key = scan.Keys[k];
            var m = last - (int)(uint)key;
            var warnings = table.Rules.AllowSupervisory ? PairConstraints.Warnings(mentee, table.Mentors[m], table.Rules) : NoWarnings;
            candidates[k] = new PairExplanation(table, m, mentee, prepared, NoViolations, (int)(key >> 32), warnings);
        }
        probe.ClearMarks();

        var exclusions = new List<ExclusionCount>();
        for (var code = 1; code <= ConstraintCodes.Count; code++)
            if (scan.Excluded[code] > 0) exclusions.Add(new ExclusionCount((ConstraintCode)code, scan.Excluded[code]));
        return new MenteeCandidates(mentee, candidates, feasible, exclusions);
    }

    private static readonly IReadOnlyList<ConstraintViolation> NoViolations = [];
    private static readonly IReadOnlyList<string> NoWarnings = [];

    /// <summary>One thread's working memory.</summary>
    private sealed class Scan(int mentorCount, int topK)
    {
        public readonly MenteeProbe Probe = new(mentorCount);
        public readonly TopKHeap Heap = new(topK);
        public readonly long[] Keys = new long[topK];
        public readonly int[] Excluded = new int[ConstraintCodes.Count + 1];
    }
}
