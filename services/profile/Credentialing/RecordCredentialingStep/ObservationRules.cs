using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Credentialing.RecordCredentialingStep;

/// <summary>
/// Who may record which step (docs/domain.md §5): structured observation, co-mentoring and the independent
/// session are observed by an accomplished — credentialed — mentor. The observer is the evidence's
/// <c>reviewer</c>: <c>people/{id}</c> of a credentialed mentor other than the candidate, or, for an
/// organisation's first mentors, <c>external/{name}</c> of an accomplished mentor from outside, which only an
/// administrator may record. A credentialed mentor records the observations they made themself; every
/// other step is an administrator's.
/// </summary>
public static class ObservationRules
{
    public const string ExternalPrefix = "external/";

    public static bool IsObservation(Step step) =>
        step is Step.StructuredObservation or Step.CoMentoring or Step.IndependentSession;

    /// <summary>
    /// Checks the request's shape and the caller's right; returns the observer whose credential must
    /// still be checked against the data, or null when there is none to check.
    /// </summary>
    public static Guid? Check(Step step, string reviewer, Guid candidate, Caller caller)
    {
        if (!IsObservation(step))
        {
            if (caller.Kind != CallerKind.Administrator) throw Denied("Only an administrator records this step.");
            return null;
        }
        if (reviewer.StartsWith(ExternalPrefix, StringComparison.Ordinal) && reviewer.Length > ExternalPrefix.Length)
        {
            if (caller.Kind != CallerKind.Administrator) throw Denied("Only an administrator records an external observer.");
            return null;
        }
        if (!ResourceName.TryParse(PersonRecord.Collection, reviewer, out var observer))
            throw Violations.Single("reviewer", "must name the observing mentor, people/{person_id}, or external/{name}");
        if (observer == candidate) throw Violations.Single("reviewer", "must be someone other than the candidate");
        if (caller.Kind != CallerKind.Administrator && reviewer != caller.Person)
            throw Denied("A mentor records only the observations they made themself.");
        return observer;
    }

    private static RpcException Denied(string why) => new(new Status(StatusCode.PermissionDenied, why));
}
