using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Profile.Relationships;

/// <summary>
/// Profile's projection of matching's relationships: only the phase and the participants, which
/// the share rule of the rapport profile needs (docs/domain.md §1).
/// </summary>
public static class RelationshipRow
{
    public const string Collection = "relationships";

    /// <summary>
    /// The live phases, in which a rapport profile shared with the relationship is readable by its
    /// participants: accepted, rapport, contracting, active, closing (as in scheduling). Not while
    /// merely proposed (or its phase is not known yet), never once closed.
    /// </summary>
    public static readonly short[] Live =
    [
        (short)RelationshipState.Accepted, (short)RelationshipState.Rapport, (short)RelationshipState.Contracting,
        (short)RelationshipState.Active, (short)RelationshipState.Closing,
    ];
}
