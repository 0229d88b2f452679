using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Contracts;

/// <summary>An integration event type as the contracts declare it.</summary>
public sealed record EventType(string Topic, string TypeName, MessageDescriptor Descriptor)
{
    public IMessage Parse(ReadOnlySpan<char> json) =>
        JsonParser.Default.Parse(json.ToString(), Descriptor);
}

/// <summary>
/// Every integration event of <c>mentoring.events.v1</c>, with its topic read from the proto's
/// <c>(mentoring.events.v1.topic)</c> option, so topic names exist once: in the contracts.
/// </summary>
public static class EventCatalogue
{
    public static IReadOnlyList<EventType> All { get; } = EventsReflection.Descriptor.MessageTypes
        .Select(d => (Descriptor: d, Topic: d.GetOptions()?.GetExtension(OptionsExtensions.Topic)))
        .Where(x => !string.IsNullOrEmpty(x.Topic))
        .Select(x => new EventType(x.Topic!, x.Descriptor.FullName, x.Descriptor))
        .ToArray();

    private static readonly FrozenDictionary<string, EventType> ByTypeName =
        All.ToFrozenDictionary(e => e.TypeName);

    private static readonly FrozenDictionary<string, EventType> ByClrType =
        All.ToFrozenDictionary(e => e.Descriptor.ClrType.FullName!);

    public static EventType For<TEvent>() where TEvent : IMessage<TEvent> =>
        ByClrType.TryGetValue(typeof(TEvent).FullName!, out var e)
            ? e
            : throw new InvalidOperationException($"{typeof(TEvent).FullName} is not an event of mentoring.events.v1 (no topic option).");

    public static EventType For(IMessage message) =>
        ByTypeName.TryGetValue(message.Descriptor.FullName, out var e)
            ? e
            : throw new InvalidOperationException($"{message.Descriptor.FullName} is not an event of mentoring.events.v1 (no topic option).");

    public static EventType? FindByTypeName(string typeName) => ByTypeName.GetValueOrDefault(typeName);
}
