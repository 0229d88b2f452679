using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Testing;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
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

    /// <summary>The subscribers of <see cref="ReplicaFactory"/>, all on <c>PersonRegistered</c>.</summary>
    public static readonly string[] ReplicaSubscribers = ["replica-a", "replica-b", "replica-c", "replica-d"];

    /// <summary>
    /// The table the replica subscribers write to, in the <c>feedback</c> schema; created by the
    /// test as administrator (<see cref="CreateReplicaEffectSql"/>) before the apps start. No key
    /// on purpose: an effect that happened twice shows as two rows.
    /// </summary>
    public const string CreateReplicaEffectSql =
        """
        CREATE TABLE feedback.replica_effect (
            seq          bigint GENERATED ALWAYS AS IDENTITY,
            subscriber   text NOT NULL,
            event_id     uuid NOT NULL,
            display_name text NOT NULL,
            instance     text NOT NULL
        );
        ALTER TABLE feedback.replica_effect OWNER TO feedback;
        """;

    /// <summary>
    /// An app like <see cref="Factory"/> with four subscribers (<see cref="ReplicaSubscribers"/>)
    /// instead of one, each writing its effect tagged with <c>Probe:Instance</c>, so tests of
    /// several instances on one database can see which did what. People whose display name starts
    /// with "Fail" always fail. Handler calls are counted in <see cref="ReplicaProbe"/>.
    /// </summary>
    public static AppFactory ReplicaFactory => (args, configure) =>
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults("feedback", typeof(ProbeApp).Assembly, new RpcPolicies([]));
        builder.Services.AddSingleton(new ReplicaProbe(builder.Configuration["Probe:Instance"] ?? "?"));
        builder.Services.AddEventHandler<PersonRegistered, ReplicaA>(ReplicaSubscribers[0]);
        builder.Services.AddEventHandler<PersonRegistered, ReplicaB>(ReplicaSubscribers[1]);
        builder.Services.AddEventHandler<PersonRegistered, ReplicaC>(ReplicaSubscribers[2]);
        builder.Services.AddEventHandler<PersonRegistered, ReplicaD>(ReplicaSubscribers[3]);
        var app = builder.Build();
        app.MapServiceDefaults();
        return app;
    };

    /// <summary>One instance's tag, and how often its handlers ran per (subscriber, event id), failures included.</summary>
    public sealed class ReplicaProbe(string instance)
    {
        public string Instance { get; } = instance;
        public ConcurrentDictionary<(string Subscriber, Guid EventId), int> Calls { get; } = new();
    }

    public abstract class ReplicaHandler(string subscriber, ReplicaProbe probe) : IEventHandler<PersonRegistered>
    {
        public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct)
        {
            probe.Calls.AddOrUpdate((subscriber, context.Envelope.EventId), 1, (_, n) => n + 1);
            if (@event.Person.DisplayName.StartsWith("Fail", StringComparison.Ordinal))
                throw new InvalidOperationException($"{subscriber} refuses {@event.Person.DisplayName}");
            return context.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO replica_effect (subscriber, event_id, display_name, instance) VALUES (@subscriber, @EventId, @DisplayName, @Instance)",
                new { subscriber, context.Envelope.EventId, @event.Person.DisplayName, probe.Instance }, context.Transaction, cancellationToken: ct));
        }
    }

    public sealed class ReplicaA(ReplicaProbe probe) : ReplicaHandler(ReplicaSubscribers[0], probe);
    public sealed class ReplicaB(ReplicaProbe probe) : ReplicaHandler(ReplicaSubscribers[1], probe);
    public sealed class ReplicaC(ReplicaProbe probe) : ReplicaHandler(ReplicaSubscribers[2], probe);
    public sealed class ReplicaD(ReplicaProbe probe) : ReplicaHandler(ReplicaSubscribers[3], probe);
}
