using System.Text.Json;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Matching.Candidates.Availability;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>AvailabilityChanged: the person's weekly windows (local time), for the shared-hours factor.</summary>
public sealed class AvailabilityProjection : IEventHandler<AvailabilityChanged>
{
    public const string Subscriber = "candidate-availability";

    public Task HandleAsync(AvailabilityChanged @event, EventContext context, CancellationToken ct)
    {
        var windows = @event.Availability?.WeeklyWindows
            .Select(w => new LocalWindow((int)w.DayOfWeek, WeeklyHours.Minutes(w.StartTime), WeeklyHours.Minutes(w.EndTime)))
            .Where(w => w.StartMinute >= 0 && w.EndMinute > w.StartMinute)
            .ToList() ?? [];
        return CandidateUpdate.ApplyAsync(context, @event.Person, "availability = @windows::jsonb",
            new { windows = JsonSerializer.Serialize(windows) }, ct);
    }
}
