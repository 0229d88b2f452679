using Dapper;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Reporting.Periods;
using Npgsql;

namespace Mentoring.Reporting.Storage;

/// <summary>A stored report: its run and its files.</summary>
public sealed record StoredReport(Guid RunId, DateTime FinishedAt, bool Mailed, IReadOnlyDictionary<string, byte[]> Files);

/// <summary>
/// Report runs in reporting's own schema (docs/reporting.md): a report is stored once per
/// organisation, programme and period, and marked done in the same transaction that stores its
/// files, so an interrupted run never leaves half a report marked done.
/// </summary>
public sealed class ReportStore(NpgsqlDataSource data, string tenantId)
{
    private sealed record RunRow(Guid Id, DateTime FinishedAt, bool Mailed);

    /// <summary>The finished report of the period, or null.</summary>
    public Task<StoredReport?> FindDoneAsync(Guid programmeId, ReportPeriod period, CancellationToken ct) =>
        InTenantAsync(async (c, tx) =>
        {
            var run = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
                "SELECT id, finished_at AS FinishedAt, mailed_at IS NOT NULL AS Mailed FROM report_run WHERE tenant_id = @tenantId AND programme_id = @programmeId AND period_key = @Key AND done",
                new { tenantId, programmeId, period.Key }, tx, cancellationToken: ct));
            if (run is not { } r) return null;
            var files = (await c.QueryAsync<(string Name, byte[] Content)>(new CommandDefinition(
                "SELECT name, content FROM report_file WHERE tenant_id = @tenantId AND run_id = @Id ORDER BY name",
                new { tenantId, r.Id }, tx, cancellationToken: ct))).ToDictionary(f => f.Name, f => f.Content);
            return new StoredReport(r.Id, r.FinishedAt, r.Mailed, files);
        }, ct);

    /// <summary>Starts a run from clean: an unfinished one left by an interrupted job is removed with its files.</summary>
    public Task<Guid> StartAsync(Guid programmeId, ReportPeriod period, CancellationToken ct) =>
        InTenantAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM report_run WHERE tenant_id = @tenantId AND programme_id = @programmeId AND period_key = @Key AND NOT done",
                new { tenantId, programmeId, period.Key }, tx, cancellationToken: ct));
            var id = Guid.CreateVersion7();
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO report_run (tenant_id, id, programme_id, period_key, period_start, period_end)
                VALUES (@tenantId, @id, @programmeId, @Key, @Start, @End)
                """, new { tenantId, id, programmeId, period.Key, period.Start, period.End }, tx, cancellationToken: ct));
            return id;
        }, ct);

    /// <summary>Stores every file and marks the run done, all at once.</summary>
    public Task FinishAsync(Guid runId, IReadOnlyDictionary<string, byte[]> files, CancellationToken ct) =>
        InTenantAsync(async (c, tx) =>
        {
            foreach (var (name, content) in files)
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO report_file (tenant_id, run_id, name, content) VALUES (@tenantId, @runId, @name, @content)",
                    new { tenantId, runId, name, content }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE report_run SET done = true, finished_at = now() WHERE tenant_id = @tenantId AND id = @runId",
                new { tenantId, runId }, tx, cancellationToken: ct));
            return 0;
        }, ct);

    /// <summary>Records that the report went out by mail.</summary>
    public Task MarkMailedAsync(Guid runId, CancellationToken ct) =>
        InTenantAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE report_run SET mailed_at = now() WHERE tenant_id = @tenantId AND id = @runId", new { tenantId, runId }, tx, cancellationToken: ct)), ct);

    /// <summary>Holds a session lock on one report for the life of the returned handle, so two jobs never build the same report at once.</summary>
    public async Task<IAsyncDisposable?> TryLockAsync(Guid programmeId, ReportPeriod period, CancellationToken ct)
    {
        var c = await data.OpenConnectionAsync(ct);
        var key = $"mentoring.report/{tenantId}/{programmeId}/{period.Key}";
        if (await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", new { key }, cancellationToken: ct)))
            return c;
        await c.DisposeAsync();
        return null;
    }

    private async Task<T> InTenantAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var c = await data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await TenantScope.EnterAsync(c, tx, tenantId, ct);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    }
}
