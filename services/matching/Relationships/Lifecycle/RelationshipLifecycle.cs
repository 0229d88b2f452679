using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships.Lifecycle;

/// <summary>What a requested transition leads to.</summary>
public abstract record TransitionOutcome
{
    /// <summary>The relationship enters <paramref name="State"/>.</summary>
    public sealed record Moved(RelationshipState State, CloseReason Reason) : TransitionOutcome;

    /// <summary>A participant's acceptance is recorded; others have yet to accept.</summary>
    public sealed record AcceptanceRecorded : TransitionOutcome;

    /// <summary>Refused: <paramref name="Field"/> set for a bad request, null for a transition the lifecycle forbids.</summary>
    public sealed record Refused(string? Field, string Message) : TransitionOutcome;
}

/// <summary>
/// The phases of a relationship (docs/domain.md §3) as a pure state machine: proposed → accepted → rapport →
/// contracting → active → closing → closed, plus the exits — a declined proposal and the no-fault way
/// out of any working phase (closed, no fit). Acceptance is per participant: the relationship is
/// accepted when the last participant accepts.
/// </summary>
public static class RelationshipLifecycle
{
    private static readonly Dictionary<RelationshipState, RelationshipState[]> Next = new()
    {
        [RelationshipState.Proposed] = [RelationshipState.Accepted, RelationshipState.Closed],
        [RelationshipState.Accepted] = [RelationshipState.Rapport, RelationshipState.Closing, RelationshipState.Closed],
        [RelationshipState.Rapport] = [RelationshipState.Contracting, RelationshipState.Closing, RelationshipState.Closed],
        [RelationshipState.Contracting] = [RelationshipState.Active, RelationshipState.Closing, RelationshipState.Closed],
        [RelationshipState.Active] = [RelationshipState.Closing, RelationshipState.Closed],
        [RelationshipState.Closing] = [RelationshipState.Closed],
        [RelationshipState.Closed] = [],
    };

    public static IReadOnlyList<RelationshipState> AllowedFrom(RelationshipState state) => Next.GetValueOrDefault(state, []);

    /// <param name="current">The relationship's state.</param>
    /// <param name="currentReason">Its close reason so far (set once closing).</param>
    /// <param name="target">The state asked for.</param>
    /// <param name="reason">The reason given with the request.</param>
    /// <param name="participants">Everyone in the relationship.</param>
    /// <param name="acceptedBy">Participants who already accepted.</param>
    /// <param name="actingParticipant">The participant asking, or null for an administrator.</param>
    public static TransitionOutcome Decide(
        RelationshipState current, CloseReason currentReason, RelationshipState target, CloseReason reason,
        IReadOnlyCollection<Guid> participants, IReadOnlyCollection<Guid> acceptedBy, Guid? actingParticipant)
    {
        if (target is RelationshipState.Unspecified || !Enum.IsDefined(target))
            return new TransitionOutcome.Refused("state", "must be a relationship state");
        if (!Enum.IsDefined(reason)) return new TransitionOutcome.Refused("close_reason", "must be a close reason");
        var closing = target is RelationshipState.Closing or RelationshipState.Closed;
        if (!closing && reason != CloseReason.Unspecified)
            return new TransitionOutcome.Refused("close_reason", "is given only when closing");
        var effectiveReason = reason != CloseReason.Unspecified ? reason : currentReason;
        if (closing && effectiveReason == CloseReason.Unspecified)
            return new TransitionOutcome.Refused("close_reason", "is required to close a relationship");
        if (!AllowedFrom(current).Contains(target))
            return new TransitionOutcome.Refused(null, $"a {Name(current)} relationship cannot become {Name(target)}");

        // A proposal ends only by being declined (no fit); a working relationship skips CLOSING only
        // by the no-fault exit; everything else closes through CLOSING.
        if (target == RelationshipState.Closed && current != RelationshipState.Closing && effectiveReason != CloseReason.NoFit)
            return new TransitionOutcome.Refused(null, $"a {Name(current)} relationship closes through CLOSING unless it is a no-fault exit (NO_FIT)");

        if (target == RelationshipState.Accepted)
        {
            if (actingParticipant is not { } who)
                return new TransitionOutcome.Refused(null, "participants accept a proposal themselves");
            if (acceptedBy.Contains(who)) return new TransitionOutcome.Refused(null, "you already accepted this proposal");
            var remaining = participants.Count(p => p != who && !acceptedBy.Contains(p));
            return remaining == 0 ? new TransitionOutcome.Moved(RelationshipState.Accepted, CloseReason.Unspecified) : new TransitionOutcome.AcceptanceRecorded();
        }
        return new TransitionOutcome.Moved(target, closing ? effectiveReason : CloseReason.Unspecified);
    }

    private static string Name(RelationshipState state) => state.ToString().ToUpperInvariant();
}
