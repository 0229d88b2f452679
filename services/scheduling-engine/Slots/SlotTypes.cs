using Mentoring.Scheduling.Engine.Availability;
using NodaTime;

namespace Mentoring.Scheduling.Engine.Slots;

/// <summary>
/// A part of the day in a participant's own local time: morning [06:00, 12:00), afternoon [12:00, 17:00),
/// evening [17:00, 22:00). <see cref="Any"/> expresses no preference.
/// </summary>
public enum PartOfDay { Any, Morning, Afternoon, Evening }

/// <summary>
/// Someone who should attend: <see cref="Free"/> is when they could meet (e.g. from <see cref="FreeIntervals"/>),
/// <see cref="Busy"/> their existing meetings and external busy times. Both may be unsorted and overlapping.
/// <see cref="Zone"/> is only used for the preferred part of the day.
/// </summary>
public sealed record SlotParticipant(
    string Id, bool Required, DateTimeZone Zone, IReadOnlyList<FreeInterval> Free, IReadOnlyList<FreeInterval> Busy);

/// <summary>
/// Where and how to look for slots of <see cref="Length"/>: starts in [max(From, EarliestStart), To − Length] whose
/// local time in <see cref="AlignmentZone"/> is a whole multiple of <see cref="Granularity"/> after local midnight;
/// <see cref="Buffer"/> is kept free of busy time before and after the slot.
/// </summary>
public sealed record SlotQuery(
    Instant From,
    Instant To,
    Duration Length,
    Duration Granularity,
    Instant EarliestStart,
    Duration Buffer,
    PartOfDay Preferred,
    int MaxResults,
    DateTimeZone AlignmentZone);

/// <summary>
/// A proposed slot [<see cref="Start"/>, <see cref="End"/>). <see cref="Unavailable"/>: ids of the participants who
/// cannot attend, in input order (empty for a full-attendance slot). <see cref="PreferredCount"/>: attending
/// participants for whom the whole slot lies in the preferred part of the day in their own zone (0 for Any).
/// </summary>
public sealed record Slot(Instant Start, Instant End, IReadOnlyList<string> Unavailable, int PreferredCount);
