using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Operations;
using Mentoring.BuildingBlocks.Events.Transports.Postgres;
using Mentoring.Contracts.Events.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mentoring.UnitTests.Events;

/// <summary>How a subscriber held for a bootstrap is reported (docs/operations.md, "Event log retention").</summary>
public class LogGapsTests
{
    private sealed class Handler : IEventHandler<PersonRegistered>
    {
        public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct) => Task.CompletedTask;
    }

    private static readonly LogGap Gap = new("directory", "profile.person-registered", 12, 34, DateTimeOffset.UnixEpoch);

    private static EventSubscriptions Subscriptions()
    {
        var services = new ServiceCollection().AddEventHandler<PersonRegistered, Handler>("directory");
        return (EventSubscriptions)services.Single(d => d.ServiceType == typeof(EventSubscriptions)).ImplementationInstance!;
    }

    [Fact]
    public void A_gap_is_reported_once_until_it_is_cleared()
    {
        var gaps = new LogGaps();
        Assert.True(gaps.Report(Gap));
        Assert.False(gaps.Report(Gap with { Since = DateTimeOffset.UtcNow }));
        Assert.Same(Gap, gaps.Of("directory"));
        gaps.Clear("directory");
        Assert.Empty(gaps.All);
    }

    [Fact]
    public void The_message_names_the_subscriber_the_deleted_range_and_what_to_do()
    {
        Assert.Contains("Subscriber directory needs a bootstrap", Gap.Message);
        Assert.Contains("profile.person-registered up to (12, 34)", Gap.Message);
        Assert.Contains("Events:AcceptPrunedLog", Gap.Message);
        Assert.Contains("docs/operations.md", Gap.Message);
    }

    [Fact]
    public async Task Readiness_fails_and_the_ops_view_shows_the_subscriber_while_it_waits()
    {
        var gaps = new LogGaps();
        var check = new LogGapHealthCheck(gaps);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.False(Assert.Single(SubscriberState.Of(Subscriptions(), gaps)).NeedsBootstrap);

        gaps.Report(Gap);
        var result = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(Gap.Message, result.Description);
        var state = Assert.Single(SubscriberState.Of(Subscriptions(), gaps));
        Assert.Equal(new SubscriberState("directory", "profile.person-registered", true, Gap.Message), state);
    }
}
