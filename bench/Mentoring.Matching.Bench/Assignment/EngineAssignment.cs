using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>Feeds a generated instance to the engine, told the number of candidates up front (as
/// OR-Tools is told the numbers of nodes and arcs, <see cref="OrToolsMinCostFlow"/>).</summary>
internal static class EngineAssignment
{
    public static AssignmentProblem Problem(AssignmentInstance instance)
    {
        var builder = new AssignmentProblemBuilder(instance.MenteeCount, instance.MentorCapacity, instance.ArcCount);
        for (var a = 0; a < instance.ArcCount; a++)
            builder.AddCandidate(instance.ArcMentee[a], instance.ArcMentor[a], instance.ArcScore[a]);
        return builder.Build();
    }
}
