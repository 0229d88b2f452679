using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships;

/// <summary>
/// What a caller sees of a relationship. Notes the participants wrote with their transitions are theirs
/// (docs/domain.md §4): administrators and applications see who, what and when, not what was said. The platform's
/// own notes (actor <c>matching</c>: time box, gap closed, rematch) stay visible.
/// </summary>
public static class RelationshipView
{
    public const string SystemActor = "matching";

    public static Relationship For(Relationship relationship, Caller caller)
    {
        var participant = caller.Kind == CallerKind.Person
            && (relationship.Mentors.Contains(caller.Person) || relationship.Mentees.Contains(caller.Person));
        return participant ? relationship : WithoutParticipantNotes(relationship);
    }

    public static Relationship WithoutParticipantNotes(Relationship relationship)
    {
        foreach (var change in relationship.History.Where(h => h.Actor != SystemActor)) change.Note = "";
        return relationship;
    }
}
