using Microsoft.Extensions.Caching.Memory;

namespace Mentoring.BuildingBlocks.Reporting;

/// <summary>
/// Organisation-wide figures of a report period (the credentialing funnel, retention, outcomes by
/// model …), which every programme's report of that period repeats: computed once and kept for
/// <see cref="KeptFor"/>, so a job reporting on every programme pays for them once, not per programme.
/// One computation per key at a time (later callers wait for it); a failed one is forgotten. Keys hold
/// the organisation, so no figure ever crosses organisations. Reports are over past periods, so two
/// minutes of staleness changes nothing a reader could notice.
/// </summary>
public sealed class OrganisationFigures(IMemoryCache cache)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(2);

    private sealed record Key(string What, string Tenant, DateTime Start, DateTime End);

    /// <param name="compute">Runs in its own transaction, not the caller's: its result is shared with other requests.</param>
    public async Task<T> GetAsync<T>(string what, string tenant, DateTime start, DateTime end, Func<CancellationToken, Task<T>> compute,
        CancellationToken ct)
    {
        var key = new Key(what, tenant, start, end);
        var shared = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = KeptFor;
            // Not the first caller's token: its cancellation must not fail the others' wait.
            return new Lazy<Task<T>>(() => RunAsync(compute));
        })!;
        var computation = shared.Value;
        try
        {
            // Every caller waits for the end, even a cancelled one: the computation may be using the first
            // caller's request services, which must outlive it.
            var figures = await computation;
            ct.ThrowIfCancellationRequested();
            return figures;
        }
        catch when (computation.IsFaulted || computation.IsCanceled)
        {
            cache.Remove(key);
            throw;
        }
    }

    // Async, so that a computation failing before its first await fails its task instead of the Lazy.
    private static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> compute) => await compute(CancellationToken.None);
}
