using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Dapper;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// A subscriber built from the same building blocks as every service (it runs as the
/// <c>feedback</c> role in its schema), whose handler fails on demand: people whose display name
/// starts with "Fail" fail while <see cref="FailureSwitch.Failing"/> is on.
/// </summary>
public static class ProbeApp
{
    public const string Subscriber = "probe";

    public static AppFactory Factory => (args, configure) =>
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults("feedback", typeof(ProbeApp).Assembly, new RpcPolicies([]));
        builder.Services.AddSingleton<FailureSwitch>();
        builder.Services.AddEventHandler<PersonRegistered, ProbeHandler>(Subscriber);
        var app = builder.Build();
        app.MapServiceDefaults();
        return app;
    };

    public sealed class FailureSwitch
    {
        public volatile bool Failing = true;
    }

    public sealed class ProbeHandler(FailureSwitch failure) : IEventHandler<PersonRegistered>
    {
        public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct)
        {
            if (failure.Failing && @event.Person.DisplayName.StartsWith("Fail", StringComparison.Ordinal))
                throw new InvalidOperationException($"probe refuses {@event.Person.DisplayName}");
            return context.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO probe_effect (event_id, display_name) VALUES (@EventId, @DisplayName)",
                new { context.Envelope.EventId, @event.Person.DisplayName }, context.Transaction, cancellationToken: ct));
        }
    }
}
