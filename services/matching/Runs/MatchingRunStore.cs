using System.Text.Json;
using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes;
using Npgsql;

namespace Mentoring.Matching.Runs;

/// <summary>A stored run: the result as the contract's JSON and the reviewer's decisions.</summary>
public sealed class MatchingRunRecord
{
    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public short State { get; init; }
    public string Result { get; init; } = "{}";
    public string Decisions { get; init; } = "[]";
    public DateTime CreatedAt { get; init; }
    public DateTime? PublishedAt { get; init; }

    public List<RunDecision> DecisionList => JsonSerializer.Deserialize<List<RunDecision>>(Decisions) ?? [];

    public MatchingRun ToProto()
    {
        var run = MatchingRun.Parser.ParseJson(Result);
        run.Name = MatchingRunStore.NameOf(ProgrammeId, Id);
        run.State = (MatchingRunState)State;
        run.CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc));
        if (PublishedAt is { } at) run.PublishTime = Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        return run;
    }
}

public static class MatchingRunStore
{
    private const string Columns =
        "id, programme_id AS ProgrammeId, state, result::text AS Result, decisions::text AS Decisions, created_at AS CreatedAt, published_at AS PublishedAt";
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static string NameOf(Guid programmeId, Guid runId) => $"{ProgrammeRecord.NameOf(programmeId)}/runs/{runId}";

    /// <summary>Parses <c>programmes/{programme_id}/runs/{run_id}</c> or throws INVALID_ARGUMENT on <paramref name="field"/>.</summary>
    public static (Guid Programme, Guid Run) ParseOrThrow(string name, string field)
    {
        var parts = (name ?? "").Split('/');
        if (parts.Length == 4 && parts[2] == "runs" && ResourceName.TryParse(ProgrammeRecord.Collection, $"{parts[0]}/{parts[1]}", out var programme)
            && Guid.TryParse(parts[3], out var run))
            return (programme, run);
        throw Violations.Single(field, "must be programmes/{programme_id}/runs/{run_id}");
    }

    public static RpcException NotFound(string name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    public static Task<MatchingRunRecord?> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        c.QuerySingleOrDefaultAsync<MatchingRunRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM matching_run WHERE tenant_id = @tenantId AND programme_id = @programmeId AND id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, programmeId, id }, tx, cancellationToken: ct));

    public static async Task<MatchingRunRecord> InsertAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, MatchingRun result, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO matching_run (tenant_id, id, programme_id, state, result) VALUES (@tenantId, @id, @programmeId, 1, @result::jsonb)",
            new { tenantId, id, programmeId, result = Json.Format(result) }, tx, cancellationToken: ct));
        return (await LoadAsync(c, tx, tenantId, programmeId, id, ct))!;
    }

    public static async Task<MatchingRunRecord> SaveAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, MatchingRunRecord run, MatchingRun result, IReadOnlyList<RunDecision> decisions,
        bool publish, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE matching_run SET result = @result::jsonb, decisions = @decisions::jsonb,
                state = CASE WHEN @publish THEN 2 ELSE state END, published_at = CASE WHEN @publish THEN now() ELSE published_at END
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new { tenantId, id = run.Id, result = Json.Format(result), decisions = JsonSerializer.Serialize(decisions), publish }, tx, cancellationToken: ct));
        return (await LoadAsync(c, tx, tenantId, run.ProgrammeId, run.Id, ct))!;
    }
}
