using Dapper;
using Google.Protobuf;
using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;
using Npgsql;
using Step = Mentoring.Contracts.Profile.V1.CredentialingStep;

namespace Mentoring.Feedback.Observations;

/// <summary>An organisation's rubric per observed step: its own, or the default (<see cref="ObservationRubrics.Default"/>).</summary>
public sealed class ObservationRubricHandlers(TenantDatabase db)
{
    private sealed record Row(string Rubric, int Revision);

    public async Task<ObservationRubric> GetAsync(GetObservationRubricRequest request, CancellationToken ct)
    {
        if (!ObservationRubrics.TryParse(request.Name, out var step)) throw NameViolation("name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync((c, tx, token) => LoadAsync(c, tx, tenantId, step, token), ct);
    }

    public async Task<ObservationRubric> UpdateAsync(UpdateObservationRubricRequest request, CancellationToken ct)
    {
        var rubric = request.ObservationRubric ?? throw Violations.Single("observation_rubric", "is required");
        var v = new Violations();
        if (!ObservationRubrics.TryParse(rubric.Name, out var step)) v.Add("observation_rubric.name", NameRule);
        ObservationRubrics.Check(v, "observation_rubric.", rubric);
        v.ThrowIfAny();
        var stored = new ObservationRubric { PassPercent = rubric.PassPercent };
        stored.Criteria.AddRange(rubric.Criteria.Select(c => new RubricCriterion { Id = c.Id, Description = c.Description.Trim(), Crucial = c.Crucial }));
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var current = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                "SELECT rubric::text AS Rubric, revision FROM observation_rubric WHERE tenant_id = @tenantId AND step = @step FOR UPDATE",
                new { tenantId, step = (short)step }, tx, cancellationToken: token));
            if (rubric.Etag.Length > 0 && rubric.Etag != ContentNames.Etag(current?.Revision ?? 0))
                throw new RpcException(new Status(StatusCode.Aborted, $"{rubric.Name} changed since it was read."));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO observation_rubric (tenant_id, step, rubric) VALUES (@tenantId, @step, @json::jsonb)
                ON CONFLICT (tenant_id, step) DO UPDATE
                    SET rubric = excluded.rubric, revision = observation_rubric.revision + 1, updated_at = now()
                """, new { tenantId, step = (short)step, json = JsonFormatter.Default.Format(stored) }, tx, cancellationToken: token));
            return await LoadAsync(c, tx, tenantId, step, token);
        }, ct);
    }

    /// <summary>The rubric in force for <paramref name="step"/>, named and with its etag.</summary>
    public static async Task<ObservationRubric> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Step step, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT rubric::text AS Rubric, revision FROM observation_rubric WHERE tenant_id = @tenantId AND step = @step",
            new { tenantId, step = (short)step }, tx, cancellationToken: ct));
        var rubric = row is null ? ObservationRubrics.Default(step) : Parse(row.Rubric);
        rubric.Name = ObservationRubrics.NameOf(step);
        rubric.Defaults = row is null;
        rubric.Etag = ContentNames.Etag(row?.Revision ?? 0);
        return rubric;
    }

    public static ObservationRubric Parse(string json) => JsonParser.Default.Parse<ObservationRubric>(json);

    private const string NameRule = "must be observationRubrics/structuredObservation, observationRubrics/coMentoring or observationRubrics/independentSession";

    private static RpcException NameViolation(string field) => Violations.Single(field, NameRule);
}
