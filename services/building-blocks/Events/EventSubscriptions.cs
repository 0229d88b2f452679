using Google.Protobuf;
using Mentoring.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>
/// One subscriber: a named handler of one event type in this service. <see cref="InvokeBatch"/> is
/// set when the handler also takes batches (<see cref="IEventBatchHandler{TEvent}"/>).
/// </summary>
public sealed record EventSubscription(
    string Name,
    EventType Event,
    Func<IServiceProvider, IMessage, EventContext, CancellationToken, Task> Invoke,
    Func<IServiceProvider, IReadOnlyList<(IMessage Event, EventContext Context)>, CancellationToken, Task>? InvokeBatch = null);

/// <summary>The subscriptions this service declared, read by whichever transport runs.</summary>
public sealed class EventSubscriptions
{
    private readonly Dictionary<string, EventSubscription> byName = new(StringComparer.Ordinal);

    public IReadOnlyCollection<EventSubscription> All => byName.Values;

    public EventSubscription Get(string name) =>
        byName.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No subscriber named {name}");

    public bool Contains(string name) => byName.ContainsKey(name);

    internal void Add(EventSubscription subscription)
    {
        if (!byName.TryAdd(subscription.Name, subscription))
            throw new InvalidOperationException($"Subscriber {subscription.Name} is declared twice.");
    }
}

public static class EventSubscriptionRegistration
{
    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/> under a subscriber
    /// name unique in this service (it names the cursor, inbox rows and dead letters).
    /// </summary>
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services, string subscriber)
        where TEvent : IMessage<TEvent>
        where THandler : class, IEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        var registry = (EventSubscriptions?)services.LastOrDefault(d => d.ServiceType == typeof(EventSubscriptions))?.ImplementationInstance;
        if (registry is null)
        {
            registry = new EventSubscriptions();
            services.AddSingleton(registry);
        }
        registry.Add(new EventSubscription(subscriber, EventCatalogue.For<TEvent>(),
            (sp, message, context, ct) => sp.GetRequiredService<THandler>().HandleAsync((TEvent)message, context, ct),
            typeof(IEventBatchHandler<TEvent>).IsAssignableFrom(typeof(THandler))
                ? (sp, events, ct) => ((IEventBatchHandler<TEvent>)sp.GetRequiredService<THandler>())
                    .HandleBatchAsync(events.Select(e => ((TEvent)e.Event, e.Context)).ToList(), ct)
                : null));
        return services;
    }
}
