using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Profile.People;
using Npgsql;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing;

/// <summary>A stored evidence row.</summary>
public sealed record EvidenceRow(
    short Step, string Module, short Outcome, string Reviewer, DateTime OccurredAt, string Notes, DateTime RecordedAt, string RecordedBy)
{
    public Proto.CredentialingEvidence ToProto() => new()
    {
        Step = (Proto.CredentialingStep)Step,
        Module = Module,
        Outcome = (Proto.StepOutcome)Outcome,
        Reviewer = Reviewer,
        OccurTime = CredentialingRecord.Ts(OccurredAt),
        Notes = Notes,
        RecordTime = CredentialingRecord.Ts(RecordedAt),
        RecordedBy = RecordedBy,
    };
}

/// <summary>An observation received from feedback and what became of it.</summary>
public sealed record ObservationReceiptRow(string Observation, string Observer, short Step, short Outcome, bool Recorded, string Refusal, DateTime ReceivedAt)
{
    public Proto.ObservationReceipt ToProto() => new()
    {
        Observation = Observation, Observer = Observer, Step = (Proto.CredentialingStep)Step, Outcome = (Proto.StepOutcome)Outcome,
        Recorded = Recorded, Refusal = Refusal, ReceiveTime = CredentialingRecord.Ts(ReceivedAt),
    };
}

/// <summary>A row of <c>credentialing</c> with its evidence, and its mapping to the contract.</summary>
public sealed class CredentialingRecord
{
    public Guid Id { get; init; }
    public Guid PersonId { get; init; }
    public short State { get; init; }
    public short CurrentStep { get; init; }
    public string Motivation { get; init; } = "";
    public string[] Competencies { get; init; } = [];
    public int MonthlyHours { get; init; }
    public bool DeclaresNoSupervision { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? CredentialedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public IReadOnlyList<EvidenceRow> Evidence { get; set; } = [];
    public IReadOnlyList<ObservationReceiptRow> Observations { get; set; } = [];

    public const string Suffix = "/credentialing";

    public static string NameOf(Guid personId) => ResourceName.Format(PersonRecord.Collection, personId) + Suffix;

    /// <summary>Parses <c>people/{person_id}/credentialing</c>.</summary>
    public static bool TryParseName(string? name, out Guid personId)
    {
        personId = Guid.Empty;
        return name is not null && name.EndsWith(Suffix, StringComparison.Ordinal)
            && ResourceName.TryParse(PersonRecord.Collection, name[..^Suffix.Length], out personId);
    }

    /// <summary>The person part (<c>people/{id}</c>) of a credentialing name, for the self check of the policies.</summary>
    public static string PersonOf(string? name) =>
        name is not null && name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name ?? "";

    /// <summary>Parses the name or throws INVALID_ARGUMENT on <c>name</c>.</summary>
    public static Guid ParseOrThrow(string? name) =>
        TryParseName(name, out var id) ? id : throw Violations.Single("name", "must be people/{person_id}/credentialing");

    public static RpcException NotFound(string? name) => new(new Status(StatusCode.NotFound, $"{name} not found."));

    internal static Timestamp Ts(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    /// <summary>The state machine's view of the pipeline.</summary>
    public Pipeline ToPipeline() => new(
        (PipelineState)State, (Step)CurrentStep,
        Evidence.Where(e => e.Step == (short)Step.ContentTraining && e.Outcome == (short)Outcome.Passed)
            .Select(e => e.Module).ToHashSet(StringComparer.OrdinalIgnoreCase),
        ExpiresAt);

    public Proto.Credentialing ToProto(IReadOnlyList<string> requiredModules, DateTime now)
    {
        var pipeline = ToPipeline();
        var c = new Proto.Credentialing
        {
            Name = NameOf(PersonId),
            Person = ResourceName.Format(PersonRecord.Collection, PersonId),
            State = pipeline.IsExpired(now) ? Proto.CredentialingState.Expired : (Proto.CredentialingState)State,
            CurrentStep = (Proto.CredentialingStep)CurrentStep,
            Application = new Proto.MentorApplication
            {
                Motivation = Motivation, Competencies = { Competencies }, MonthlyHours = MonthlyHours,
                DeclaresNoSupervisionOfMentees = DeclaresNoSupervision,
            },
            RequiredModules = { requiredModules },
            CompletedModules = { Evidence.Where(e => e.Step == (short)Step.ContentTraining && e.Outcome == (short)Outcome.Passed).Select(e => e.Module) },
            CreateTime = Ts(CreatedAt),
            UpdateTime = Ts(UpdatedAt),
            CredentialTime = CredentialedAt is { } g ? Ts(g) : null,
            ExpireTime = ExpiresAt is { } x ? Ts(x) : null,
        };
        c.Evidence.AddRange(Evidence.Select(e => e.ToProto()));
        c.Observations.AddRange(Observations.Select(o => o.ToProto()));
        return c;
    }
}

/// <summary>Reads and writes pipelines inside the caller's (tenant-bound) transaction.</summary>
public static class CredentialingStore
{
    private const string Columns =
        "id, person_id AS PersonId, state, current_step AS CurrentStep, motivation, competencies, monthly_hours AS MonthlyHours, " +
        "declares_no_supervision AS DeclaresNoSupervision, created_at AS CreatedAt, updated_at AS UpdatedAt, " +
        "credentialed_at AS CredentialedAt, expires_at AS ExpiresAt";

    /// <summary>The person's latest pipeline with its evidence, or null; <paramref name="forUpdate"/> locks its row.</summary>
    public static async Task<CredentialingRecord?> LatestAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct, bool forUpdate = false)
    {
        var record = await c.QuerySingleOrDefaultAsync<CredentialingRecord>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM credentialing
            WHERE tenant_id = @tenantId AND person_id = @personId
            ORDER BY created_at DESC, id LIMIT 1
            {(forUpdate ? "FOR UPDATE" : "")}
            """, new { tenantId, personId }, tx, cancellationToken: ct));
        if (record is null) return null;
        record.Evidence = (await c.QueryAsync<EvidenceRow>(new CommandDefinition(
            """
            SELECT step, module, outcome, reviewer, occurred_at AS OccurredAt, notes, recorded_at AS RecordedAt, recorded_by AS RecordedBy
            FROM credentialing_evidence WHERE tenant_id = @tenantId AND credentialing_id = @id ORDER BY position
            """, new { tenantId, id = record.Id }, tx, cancellationToken: ct))).ToList();
        record.Observations = (await c.QueryAsync<ObservationReceiptRow>(new CommandDefinition(
            """
            SELECT observation, observer, step, outcome, recorded, refusal, received_at AS ReceivedAt
            FROM observation_receipt WHERE tenant_id = @tenantId AND person_id = @personId ORDER BY received_at DESC, observation LIMIT 50
            """, new { tenantId, personId }, tx, cancellationToken: ct))).ToList();
        return record;
    }

    public static Task AppendEvidenceAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid credentialingId, Step step, string module, Outcome outcome,
        string reviewer, DateTime occurredAt, string notes, string recordedBy, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO credentialing_evidence (tenant_id, credentialing_id, step, module, outcome, reviewer, occurred_at, notes, recorded_by)
            VALUES (@tenantId, @credentialingId, @step, @module, @outcome, @reviewer, @occurredAt, @notes, @recordedBy)
            """,
            new { tenantId, credentialingId, step = (short)step, module, outcome = (short)outcome, reviewer, occurredAt, notes, recordedBy },
            tx, cancellationToken: ct));

    public static Task SaveAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Pipeline next, DateTime? credentialedAt, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE credentialing SET state = @state, current_step = @step, expires_at = @expiresAt,
                credentialed_at = COALESCE(@credentialedAt, credentialed_at), updated_at = now()
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new { tenantId, id, state = (short)next.State, step = (short)next.Current, expiresAt = next.ExpiresAt, credentialedAt },
            tx, cancellationToken: ct));

    /// <summary>Whether the person holds a credential that has not expired at <paramref name="now"/>.</summary>
    public static Task<bool> IsCredentialedAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, DateTime now, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM credentialing WHERE tenant_id = @tenantId AND person_id = @personId
                AND state = 3 AND (expires_at IS NULL OR expires_at > @now))
            """, new { tenantId, personId, now }, tx, cancellationToken: ct));

    /// <summary>Turns a refusal of the state machine into the RPC error.</summary>
    public static RpcException ToException(Refusal refusal) => refusal.Kind == RefusalKind.InvalidField
        ? Violations.Single(refusal.Field!, refusal.Message)
        : new RpcException(new Status(StatusCode.FailedPrecondition, refusal.Message));
}

/// <summary>
/// The content-training modules a tenant requires: the defaults of docs/domain.md §5 plus the tenant's extra
/// ones from configuration, <c>Credentialing:ExtraModules:{tenant}</c> (a list of module names, e.g.
/// the environment variable <c>Credentialing__ExtraModules__acme__0=ethics</c>).
/// </summary>
public sealed class CredentialingModules(IConfiguration configuration)
{
    public IReadOnlyList<string> For(string tenantId)
    {
        var extra = configuration.GetSection($"Credentialing:ExtraModules:{tenantId}").GetChildren()
            .Select(s => s.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!.ToLowerInvariant());
        return CredentialingPipeline.DefaultModules.Concat(extra).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
