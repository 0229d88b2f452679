using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Tenancy;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.GetCredentialingFunnel;

/// <summary>
/// The tenant's funnel: pipelines per current step and state (EXPIRED derived from the expiry), and
/// per step the mean and median time from the evidence that completed the previous step to the
/// evidence that completed it (for content training, its latest passed module).
/// </summary>
public sealed class GetCredentialingFunnelHandler(TenantDatabase db)
{
    private sealed record CountRow(short Step, short State, long Pipelines);
    private sealed record DurationRow(short Step, long Samples, double Mean, double Median);

    public async Task<Proto.CredentialingFunnel> HandleAsync(Proto.GetCredentialingFunnelRequest request, CancellationToken ct)
    {
        var tenantId = db.TenantId;
        var (counts, durations) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var counts = await c.QueryAsync<CountRow>(new CommandDefinition(
                """
                SELECT current_step AS Step,
                       CASE WHEN state = 3 AND expires_at <= now() THEN 4 ELSE state END::smallint AS State,
                       count(*) AS Pipelines
                FROM credentialing WHERE tenant_id = @tenantId
                GROUP BY 1, 2 ORDER BY 1, 2
                """, new { tenantId }, tx, cancellationToken: token));
            var durations = await c.QueryAsync<DurationRow>(new CommandDefinition(
                """
                WITH completed AS (
                    SELECT e.credentialing_id, e.step, max(e.occurred_at) AS at
                    FROM credentialing_evidence e
                    JOIN credentialing p ON p.tenant_id = e.tenant_id AND p.id = e.credentialing_id
                    WHERE e.tenant_id = @tenantId AND e.outcome = 1 AND (e.step < p.current_step OR p.state = 3)
                    GROUP BY e.credentialing_id, e.step
                ), spent AS (
                    SELECT step, extract(epoch FROM at - lag(at) OVER (PARTITION BY credentialing_id ORDER BY step))::float8 AS seconds
                    FROM completed
                )
                SELECT step AS Step, count(*) AS Samples, avg(seconds) AS Mean,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS Median
                FROM spent WHERE seconds IS NOT NULL
                GROUP BY step ORDER BY step
                """, new { tenantId }, tx, cancellationToken: token));
            return (counts.ToList(), durations.ToList());
        }, ct);

        var funnel = new Proto.CredentialingFunnel();
        funnel.Counts.AddRange(counts.Select(r => new Proto.CredentialingFunnelCount
        {
            CurrentStep = (Proto.CredentialingStep)r.Step, State = (Proto.CredentialingState)r.State, Pipelines = (int)r.Pipelines,
        }));
        funnel.StepDurations.AddRange(durations.Select(r => new Proto.CredentialingStepDuration
        {
            Step = (Proto.CredentialingStep)r.Step,
            Samples = (int)r.Samples,
            Mean = Duration.FromTimeSpan(TimeSpan.FromSeconds(Math.Round(r.Mean, 3))),
            Median = Duration.FromTimeSpan(TimeSpan.FromSeconds(Math.Round(r.Median, 3))),
        }));
        return funnel;
    }
}
