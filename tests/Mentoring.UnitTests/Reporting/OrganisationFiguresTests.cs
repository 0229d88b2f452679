using Mentoring.BuildingBlocks.Reporting;
using Microsoft.Extensions.Caching.Memory;

namespace Mentoring.UnitTests.Reporting;

public sealed class OrganisationFiguresTests
{
    private static readonly DateTime Start = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), End = new(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Concurrent_callers_of_one_organisation_and_period_share_one_computation()
    {
        var figures = new OrganisationFigures(new MemoryCache(new MemoryCacheOptions()));
        var computations = 0;
        var release = new TaskCompletionSource();
        async Task<int> Compute(CancellationToken _) { Interlocked.Increment(ref computations); await release.Task; return 42; }

        var callers = Enumerable.Range(0, 8).Select(_ => figures.GetAsync("x", "acme", Start, End, Compute, CancellationToken.None)).ToList();
        release.SetResult();
        Assert.All(await Task.WhenAll(callers), v => Assert.Equal(42, v));
        Assert.Equal(1, computations);
        Assert.Equal(42, await figures.GetAsync("x", "acme", Start, End, Compute, CancellationToken.None));
        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task Another_organisation_period_or_figure_is_computed_apart()
    {
        var figures = new OrganisationFigures(new MemoryCache(new MemoryCacheOptions()));
        Task<string> Value(string v) => Task.FromResult(v);
        Assert.Equal("acme", await figures.GetAsync("x", "acme", Start, End, _ => Value("acme"), CancellationToken.None));
        Assert.Equal("globex", await figures.GetAsync("x", "globex", Start, End, _ => Value("globex"), CancellationToken.None));
        Assert.Equal("later", await figures.GetAsync("x", "acme", Start, End.AddDays(1), _ => Value("later"), CancellationToken.None));
        Assert.Equal("other", await figures.GetAsync("y", "acme", Start, End, _ => Value("other"), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_computation_is_forgotten_and_the_next_caller_computes_again()
    {
        var figures = new OrganisationFigures(new MemoryCache(new MemoryCacheOptions()));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            figures.GetAsync<int>("x", "acme", Start, End, _ => throw new InvalidOperationException("database down"), CancellationToken.None));
        Assert.Equal(7, await figures.GetAsync("x", "acme", Start, End, _ => Task.FromResult(7), CancellationToken.None));
    }
}
