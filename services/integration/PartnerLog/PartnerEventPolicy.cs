using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Integration.PartnerLog;

/// <summary>What partners see of one integration event type: whether at all, the area read scope it needs, and the fields withheld.</summary>
public sealed record PartnerEventRule(EventType Event, bool Visible, string Why, IReadOnlyList<string> Withheld)
{
    /// <summary>
    /// The area read scope a partner needs to receive the event: its topic's area (the part before
    /// the dot, e.g. <c>scheduling.meeting-scheduled</c> → <c>scheduling.read</c>), read from the
    /// contracts' <c>topic</c> option, never a copy.
    /// </summary>
    public string Scope => Event.Topic[..Event.Topic.IndexOf('.')] + ".read";

    /// <summary>The partner view: a copy of <paramref name="event"/> with every withheld field cleared.</summary>
    public IMessage View(IMessage @event)
    {
        if (@event.Descriptor != Event.Descriptor) throw new ArgumentException($"{@event.Descriptor.FullName} is not {Event.TypeName}");
        var copy = @event.Descriptor.Parser.ParseFrom(@event.ToByteString());
        foreach (var path in Withheld) Clear(copy, path.Split('.'));
        return copy;
    }

    private static void Clear(IMessage message, ReadOnlySpan<string> path)
    {
        var field = message.Descriptor.FindFieldByName(path[0])
            ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no field {path[0]}");
        if (path.Length == 1)
        {
            field.Accessor.Clear(message);
            return;
        }
        if (field.FieldType != FieldType.Message || field.IsRepeated)
            throw new InvalidOperationException($"{message.Descriptor.FullName}.{path[0]} is not a singular message field");
        if (field.Accessor.GetValue(message) is IMessage inner) Clear(inner, path[1..]);
    }
}

/// <summary>
/// The partner policy of every integration event type (docs/integration.md, "What partners see"):
/// each type of the catalogue is either visible, with the personal and private fields withheld, or
/// hidden, with the reason. A new event type has no rule until someone decides, and a test fails
/// until then. Withheld fields are proto field paths of the event message.
/// </summary>
public static class PartnerEventPolicy
{
    // A person as partners see them: no e-mail address, no location, no motivation (free text written
    // for the programme), no etag (profile's concurrency token).
    private static readonly string[] PersonWithheld = ["person.email", "person.location", "person.motivation", "person.etag"];

    public static IReadOnlyList<PartnerEventRule> Rules { get; } =
    [
        // profile.* → profile.read
        Visible<PersonRegistered>(PersonWithheld),
        Visible<PersonUpdated>(PersonWithheld),
        Visible<PersonErased>(), // partners must erase the person too
        Visible<ReportingLineChanged>(),
        // Weekly windows and the zone only: dated exceptions tell when a person is away, and why it can be guessed.
        Visible<AvailabilityChanged>("availability.exceptions", "availability.etag"),
        Visible<CompetencyAssessed>(),
        Visible<MentorCompetenciesChanged>(),
        // The competencies offered are free text written in the application.
        Visible<MentorApplicationSubmitted>("competencies"),
        Visible<CredentialingStepCompleted>(),
        Visible<MentorCredentialed>(),
        Visible<MentorCredentialRenewed>(),
        // matching.* → matching.read
        Visible<RelationshipStateChanged>(),
        Visible<SpeedRotationPlanned>(),
        Visible<RelationshipParticipantsChanged>(),
        // scheduling.* → scheduling.read: times, people and formats; the events never carry agendas,
        // places or join links, and a cancellation's reason is free text.
        Visible<MeetingScheduled>(),
        Visible<MeetingRescheduled>(),
        Visible<MeetingUpdated>(),
        Visible<MeetingCancelled>("reason"),
        Visible<MeetingHeld>(),
        Visible<MeetingMissed>(),
        Hidden<MeetingReminderDue>("scheduling's own timer for reminder mails, not a fact about the programme"),
        Hidden<AttendanceDue>("scheduling's own timer for attendance mails, not a fact about the programme"),
        // feedback.* → feedback.read: never content. AgreementSigned only its non-private logistics:
        // not where the participants meet, nor the link, nor their notes.
        Visible<AgreementSigned>("logistics.location", "logistics.join_url", "logistics.notes"),
        Hidden<AgreementReminderDue>("feedback's own timer for reminder mails, not a fact about the programme"),
        Visible<RelationshipAtRisk>(), // reason codes only
        Visible<RelationshipHealthy>(),
        // The summary is the observer's wording of which criteria were met.
        Visible<ObservationCompleted>("summary"),
    ];

    private static readonly FrozenDictionary<string, PartnerEventRule> ByType = Rules.ToFrozenDictionary(r => r.Event.TypeName);

    /// <summary>The rule of an event type (by CloudEvents type), or null when the catalogue has no such type.</summary>
    public static PartnerEventRule? Find(string typeName) => ByType.GetValueOrDefault(typeName);

    /// <summary>The event types partners may receive.</summary>
    public static IEnumerable<PartnerEventRule> VisibleRules => Rules.Where(r => r.Visible);

    private static PartnerEventRule Visible<TEvent>(params string[] withheld) where TEvent : IMessage<TEvent> =>
        new(EventCatalogue.For<TEvent>(), true, "", withheld);

    private static PartnerEventRule Hidden<TEvent>(string why) where TEvent : IMessage<TEvent> =>
        new(EventCatalogue.For<TEvent>(), false, why, []);
}
