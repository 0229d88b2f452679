namespace Mentoring.Scheduling.Speed;

/// <summary>Resource names of speed mentoring: matching's plans, scheduling's events and itineraries.</summary>
public static class SpeedNames
{
    public const string Events = "speedEvents";

    /// <summary><c>programmes/{programme_id}/speedPlans/{plan_id}</c>.</summary>
    public static bool TryParsePlan(string name, out Guid programmeId, out Guid planId)
    {
        programmeId = planId = Guid.Empty;
        var parts = name.Split('/');
        return parts.Length == 4 && parts[0] == "programmes" && parts[2] == "speedPlans"
            && Guid.TryParse(parts[1], out programmeId) && Guid.TryParse(parts[3], out planId);
    }

    public static string Plan(Guid programmeId, Guid planId) => $"programmes/{programmeId}/speedPlans/{planId}";

    public static string Event(Guid id) => $"{Events}/{id}";

    public static bool TryParseEvent(string name, out Guid id)
    {
        id = Guid.Empty;
        return name.StartsWith(Events + "/", StringComparison.Ordinal) && Guid.TryParse(name[(Events.Length + 1)..], out id);
    }

    public static string Itinerary(Guid eventId, Guid personId) => $"{Events}/{eventId}/itineraries/{personId}";
}
