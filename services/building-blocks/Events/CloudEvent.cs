using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Mentoring.Contracts;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>A CloudEvents 1.0 envelope (JSON format) carrying one integration event.</summary>
public sealed record CloudEvent
{
    public const string MediaType = "application/cloudevents+json";

    [JsonPropertyName("specversion")] public string SpecVersion { get; init; } = "1.0";
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }
    [JsonPropertyName("datacontenttype")] public string DataContentType { get; init; } = "application/json";
    /// <summary>W3C trace context of the operation that produced the event.</summary>
    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }
    /// <summary>Extension attribute: the organisation the event belongs to.</summary>
    [JsonPropertyName("tenantid")] public required string TenantId { get; init; }
    [JsonPropertyName("data")] public required JsonElement Data { get; init; }

    public Guid EventId => Guid.Parse(Id);

    private static readonly JsonFormatter DataFormatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser DataParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static CloudEvent Create(IMessage message, string service, string tenantId, TimeProvider clock)
    {
        var type = EventCatalogue.For(message);
        return new CloudEvent
        {
            Id = Guid.CreateVersion7().ToString(),
            Source = $"/mentoring/{service}",
            Type = type.TypeName,
            Time = clock.GetUtcNow(),
            TraceParent = Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null,
            TenantId = tenantId,
            Data = JsonDocument.Parse(DataFormatter.Format(message)).RootElement.Clone(),
        };
    }

    /// <summary>The event message, parsed by the type the contracts declare for <see cref="Type"/>.</summary>
    public IMessage ParseData() =>
        DataParser.Parse(Data.GetRawText(), (EventCatalogue.FindByTypeName(Type)
            ?? throw new InvalidOperationException($"Unknown event type {Type}")).Descriptor);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static CloudEvent FromJson(string json) =>
        JsonSerializer.Deserialize<CloudEvent>(json) ?? throw new JsonException("empty CloudEvent");
}
