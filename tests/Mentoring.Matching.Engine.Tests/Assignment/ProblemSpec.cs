using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>A test problem as plain data, so that the oracles read the same problem as the engine
/// without using any of its code.</summary>
public sealed record ProblemSpec(
    int Mentees,
    int[] Capacities,
    (int Mentee, int Mentor, int Score)[] Arcs,
    (int Mentee, int Mentor)[] MustMatch,
    (int Mentee, int Mentor)[] MustNot)
{
    public int Mentors => Capacities.Length;

    public AssignmentProblem Build() => Build(Arcs, MustMatch, MustNot);

    /// <summary>Builds with the given (e.g. shuffled) orders of the same items.</summary>
    public AssignmentProblem Build(
        IEnumerable<(int Mentee, int Mentor, int Score)> arcs, IEnumerable<(int, int)> mustMatch, IEnumerable<(int, int)> mustNot)
    {
        var builder = new AssignmentProblemBuilder(Mentees, Capacities);
        foreach (var (mentee, mentor, score) in arcs)
            builder.AddCandidate(mentee, mentor, score);
        foreach (var (mentee, mentor) in mustMatch)
            builder.MustMatch(mentee, mentor);
        foreach (var (mentee, mentor) in mustNot)
            builder.MustNotMatch(mentee, mentor);
        return builder.Build();
    }

    public int? Score(int mentee, int mentor)
    {
        foreach (var arc in Arcs)
        {
            if (arc.Mentee == mentee && arc.Mentor == mentor)
                return arc.Score;
        }
        return null;
    }

    public bool Excluded(int mentee, int mentor) => MustNot.Contains((mentee, mentor));

    public int? PinnedMentor(int mentee)
    {
        foreach (var pin in MustMatch)
        {
            if (pin.Mentee == mentee)
                return pin.Mentor;
        }
        return null;
    }

    public override string ToString() =>
        $"mentees {Mentees}, capacities [{string.Join(",", Capacities)}], arcs [{string.Join(" ", Arcs.Select(a => $"{a.Mentee}-{a.Mentor}:{a.Score}"))}], " +
        $"must [{string.Join(" ", MustMatch.Select(p => $"{p.Mentee}-{p.Mentor}"))}], not [{string.Join(" ", MustNot.Select(p => $"{p.Mentee}-{p.Mentor}"))}]";
}
