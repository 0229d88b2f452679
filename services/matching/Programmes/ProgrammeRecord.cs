using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Programmes;

/// <summary>A row of <c>programme</c>; rules and weights are stored as the contract's JSON.</summary>
public sealed class ProgrammeRecord
{
    public const string Collection = "programmes";
    public const string SelectColumns =
        "id, display_name AS DisplayName, model, formal, matching_mode AS MatchingMode, rules::text AS Rules, weights::text AS Weights, created_at AS CreatedAt, " +
        "version, updated_at AS UpdatedAt, rules_changed_at AS RulesChangedAt";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public Guid Id { get; init; }
    public string DisplayName { get; init; } = "";
    public short Model { get; init; }
    public bool Formal { get; init; }
    public short MatchingMode { get; init; }
    public string Rules { get; init; } = "{}";
    public string Weights { get; init; } = "{}";
    public DateTime CreatedAt { get; init; }
    public int Version { get; init; } = 1;
    public DateTime? UpdatedAt { get; init; }
    public DateTime? RulesChangedAt { get; init; }

    public string Etag => Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string NameOf(Guid id) => ResourceName.Format(Collection, id);
    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));
    public static string ToJson(IMessage message) => Json.Format(message);

    public ProgrammeRules RulesValue => ProgrammeRules.Parser.ParseJson(Rules);
    public ScoringWeights WeightsValue => ScoringWeights.Parser.ParseJson(Weights);
    public MentoringModel ModelValue => (MentoringModel)Model;

    /// <summary>The rules in force, as the engine takes them.</summary>
    public Engine.Programmes.ProgrammeRules EngineRules => ProgrammeSettings.Resolve(ModelValue, RulesValue, WeightsValue);

    public Programme ToProto() => new()
    {
        Name = NameOf(Id),
        DisplayName = DisplayName,
        Model = (MentoringModel)Model,
        Formal = Formal,
        MatchingMode = (MatchingMode)MatchingMode,
        Rules = RulesValue,
        Weights = WeightsValue,
        CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        UpdateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(UpdatedAt ?? CreatedAt, DateTimeKind.Utc)),
        Etag = Etag,
    };
}
