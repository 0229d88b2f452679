namespace Mentoring.Feedback.Metrics;

/// <summary>The join that keeps goals (aliased <c>x</c>) with both a PRE (<c>pre</c>) and a POST (<c>post</c>) self-assessment.</summary>
public static class SelfAssessed
{
    public const string Join =
        """
        JOIN goal_self_assessment pre ON pre.tenant_id = x.tenant_id AND pre.goal_id = x.id AND pre.moment = 1
        JOIN goal_self_assessment post ON post.tenant_id = x.tenant_id AND post.goal_id = x.id AND post.moment = 2
        """;
}
