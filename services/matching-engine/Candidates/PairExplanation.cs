namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// Why a mentor is (or is not) a candidate for a mentee: every hard constraint the pair fails,
/// and the soft score with each factor's contribution.
/// </summary>
/// <remarks>
/// The score is computed with the pair; the factor list and its sentences are written the first
/// time <see cref="Factors"/> is read (then kept), because a generation keeps hundreds of
/// thousands of candidates and a reader looks at a page of them. Writing them later gives the
/// same contributions: they come from the same immutable inputs and always add up to
/// <see cref="IntegerScore"/>.
/// </remarks>
public sealed class PairExplanation
{
    private readonly MentorTable _table;
    private readonly int _mentorIndex;
    private readonly Lazy<MenteeProbe> _mentee;
    private IReadOnlyList<FactorContribution>? _factors;

    /// <param name="table">The mentors the pair was scored against.</param>
    /// <param name="mentorIndex">The mentor's index in <paramref name="table"/>.</param>
    /// <param name="mentee">The mentee.</param>
    /// <param name="prepared">The mentee prepared against <paramref name="table"/> (see <see cref="Prepare"/>), shared by the mentee's candidates.</param>
    internal PairExplanation(MentorTable table, int mentorIndex, Participant mentee, Lazy<MenteeProbe> prepared,
        IReadOnlyList<ConstraintViolation> violations, int integerScore, IReadOnlyList<string> warnings)
    {
        (_table, _mentorIndex, _mentee) = (table, mentorIndex, prepared);
        Mentee = mentee;
        Mentor = table.Mentors[mentorIndex];
        Violations = violations;
        IntegerScore = integerScore;
        Warnings = warnings;
    }

    /// <summary>The mentee.</summary>
    public Participant Mentee { get; }

    /// <summary>The mentor.</summary>
    public Participant Mentor { get; }

    /// <summary>Every hard constraint the pair fails, in check order; empty when the pair is feasible.</summary>
    public IReadOnlyList<ConstraintViolation> Violations { get; }

    /// <summary>Whether the pair passes every hard constraint.</summary>
    public bool IsFeasible => Violations.Count == 0;

    /// <summary>The score in hundredths of a point, 0 to 10,000: the sum of the factors' integer
    /// contributions. The optimiser works with it.</summary>
    public int IntegerScore { get; }

    /// <summary>The score, 0 to 100: <see cref="IntegerScore"/> / 100.</summary>
    public double Score => IntegerScore / 100.0;

    /// <summary>Things an administrator must see although they do not exclude the pair (supervisory
    /// mentoring, when the programme allows it, is a conflict of interest).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Each weighted factor's contribution with its sentence, in <see cref="ScoreFactor"/> order.</summary>
    public IReadOnlyList<FactorContribution> Factors => _factors ?? Interlocked.CompareExchange(ref _factors, Write(), null) ?? _factors;

    /// <summary>A prepared mentee for <see cref="PairExplanation"/>s, made when first needed.</summary>
    internal static Lazy<MenteeProbe> Prepare(MentorTable table, Participant mentee) => new(() =>
    {
        var probe = new MenteeProbe(0);
        table.Load(probe, mentee, markRelations: false);
        return probe;
    });

    private IReadOnlyList<FactorContribution> Write()
    {
        var (score, factors) = FactorExplainer.Explain(_table, _mentee.Value, _mentorIndex);
        if (score != IntegerScore) throw new InvalidOperationException("Factor contributions do not add up to the score.");
        return factors;
    }
}
