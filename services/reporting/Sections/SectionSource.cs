using Grpc.Core;
using Grpc.Net.Client;
using Mentoring.Contracts.Reporting.V1;
using Polly;
using Polly.Retry;

namespace Mentoring.Reporting.Sections;

/// <summary>One service's section: which service, and how to ask it.</summary>
public sealed record SectionSpec(string Id, string Title, Func<GrpcChannel, GetProgrammeReportSectionRequest, Metadata, CancellationToken, Task<ReportSection>> Fetch);

/// <summary>
/// Asks each service for its section of a programme report over gRPC (through the gateway or at each
/// service's address), with the job's token. A service that knows nothing of the programme yet (NOT_FOUND)
/// gives an empty section, which the report shows as "no data yet"; transient failures are retried, and
/// anything else fails the run.
/// </summary>
public sealed class SectionSource(Func<string, GrpcChannel> channelFor, string token)
{
    public static readonly IReadOnlyList<SectionSpec> All =
    [
        new("matching", "Matching", (ch, r, h, ct) => new Contracts.Matching.V1.MatchingService.MatchingServiceClient(ch).GetProgrammeReportSectionAsync(r, h, cancellationToken: ct).ResponseAsync),
        new("scheduling", "Meetings", (ch, r, h, ct) => new Contracts.Scheduling.V1.SchedulingService.SchedulingServiceClient(ch).GetProgrammeReportSectionAsync(r, h, cancellationToken: ct).ResponseAsync),
        new("feedback", "How relationships are going", (ch, r, h, ct) => new Contracts.Feedback.V1.FeedbackService.FeedbackServiceClient(ch).GetProgrammeReportSectionAsync(r, h, cancellationToken: ct).ResponseAsync),
        new("profile", "People, skills and retention", (ch, r, h, ct) => new Contracts.Profile.V1.ProfileService.ProfileServiceClient(ch).GetProgrammeReportSectionAsync(r, h, cancellationToken: ct).ResponseAsync),
    ];

    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted),
            MaxRetryAttempts = 4, Delay = TimeSpan.FromMilliseconds(300), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
        })
        .Build();

    /// <summary>The organisation's programmes by name, with their display names (matching's list for the reporting job).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ProgrammesAsync(CancellationToken ct)
    {
        var headers = Headers();
        var list = await Retry.ExecuteAsync(async t => await new Contracts.Matching.V1.MatchingService.MatchingServiceClient(channelFor("matching"))
            .ListReportProgrammesAsync(new Contracts.Matching.V1.ListReportProgrammesRequest(), headers, cancellationToken: t), ct);
        return list.Programmes.ToDictionary(p => p.Name, p => p.DisplayName);
    }

    private Metadata Headers() => new() { { "authorization", $"Bearer {token}" } };

    public async Task<ReportSection> FetchAsync(SectionSpec spec, GetProgrammeReportSectionRequest request, CancellationToken ct)
    {
        var headers = Headers();
        try
        {
            return await Retry.ExecuteAsync(async token => await spec.Fetch(channelFor(spec.Id), request, headers, token), ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return new ReportSection { Id = spec.Id, Title = spec.Title };
        }
    }
}
