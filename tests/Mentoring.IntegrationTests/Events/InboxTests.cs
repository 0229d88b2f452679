using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mentoring.IntegrationTests.Events;

/// <summary>The inbox makes a handler's effect happen once per event id, whatever delivers it.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private ServiceProvider provider = null!;
    private EventDispatcher dispatcher = null!;
    private NpgsqlDataSource feedback = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        var cs = db.ServiceConnectionString("feedback");
        DatabaseMigrator.Apply(cs, "feedback", typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
        DatabaseMigrator.Apply(cs, "feedback", typeof(InboxTests).Assembly, "Mentoring.IntegrationTests.Migrations.");
        feedback = db.ServiceDataSource("feedback");

        var services = new ServiceCollection();
        services.AddSingleton(feedback);
        services.AddSingleton(new Switch());
        services.AddEventHandler<PersonRegistered, CountingHandler>("counter");
        services.AddSingleton<EventDispatcher>();
        provider = services.BuildServiceProvider();
        dispatcher = provider.GetRequiredService<EventDispatcher>();
    }

    public async Task DisposeAsync()
    {
        await provider.DisposeAsync();
        await feedback.DisposeAsync();
    }

    private static CloudEvent Envelope(string name = "Ada") =>
        CloudEvent.Create(new PersonRegistered { Person = new Person { DisplayName = name } }, "profile", "acme", TimeProvider.System);

    private async Task<(long Effects, long Inbox)> CountsAsync()
    {
        await using var c = await feedback.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM probe_effect"),
                await c.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox"));
    }

    [Fact]
    public async Task A_redelivered_event_has_no_second_effect()
    {
        var e = Envelope();
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync("counter", e, default));
        Assert.Equal(DispatchOutcome.Duplicate, await dispatcher.DispatchAsync("counter", e, default));
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public async Task Concurrent_duplicate_deliveries_have_one_effect()
    {
        var e = Envelope();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => dispatcher.DispatchAsync("counter", e, default))));
        Assert.Single(outcomes, o => o == DispatchOutcome.Handled);
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public async Task A_failing_handler_leaves_no_trace_so_the_event_can_be_handled_later()
    {
        var e = Envelope();
        provider.GetRequiredService<Switch>().Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync("counter", e, default));
        Assert.Equal((0, 0), await CountsAsync());

        provider.GetRequiredService<Switch>().Fail = false;
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync("counter", e, default));
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public async Task An_envelope_of_another_type_is_refused()
    {
        var e = Envelope() with { Type = "mentoring.events.v1.SomethingElse" };
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync("counter", e, default));
        Assert.Equal((0, 0), await CountsAsync());
    }

    private sealed class Switch
    {
        public volatile bool Fail;
    }

    private sealed class CountingHandler(Switch failure) : IEventHandler<PersonRegistered>
    {
        public async Task HandleAsync(PersonRegistered e, EventContext context, CancellationToken ct)
        {
            await context.Connection.ExecuteAsync(
                "INSERT INTO probe_effect (event_id, display_name) VALUES (@EventId, @DisplayName)",
                new { context.Envelope.EventId, e.Person.DisplayName }, context.Transaction);
            if (failure.Fail) throw new InvalidOperationException("handler failed after writing");
        }
    }
}
