using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Client;

/// <summary>Where the platform is and who the partner app is.</summary>
public sealed record MentoringClientOptions
{
    /// <summary>The gateway's gRPC address, e.g. <c>http://127.0.0.1:8081</c> (HTTP/2).</summary>
    public required Uri GrpcAddress { get; init; }
    /// <summary>The gateway's HTTP address, where the token server answers, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public required Uri TokenAddress { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    /// <summary>The scopes to ask for, e.g. <c>profile.read</c>, <c>profile.write</c>.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }
    /// <summary>How many times a call failing with a transient code is tried again (default 4).</summary>
    public int Retries { get; init; } = 4;
}

/// <summary>
/// A partner app's way into the platform: typed clients of every service over one HTTP/2 channel to
/// the gateway, each call carrying a cached client-credentials token and retried with backoff when
/// it fails transiently (<see cref="TransientRetry"/>). Thread-safe; keep one per app.
/// </summary>
public sealed class MentoringClient : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly HttpClient tokenHttp;

    public MentoringClient(MentoringClientOptions options, HttpMessageHandler? tokenHandler = null)
    {
        tokenHttp = tokenHandler is null ? new HttpClient() : new HttpClient(tokenHandler);
        tokenHttp.BaseAddress = options.TokenAddress;
        Tokens = new ClientCredentialsTokens(tokenHttp, options.ClientId, options.ClientSecret, options.Scopes);
        var credentials = CallCredentials.FromInterceptor(async (context, metadata) =>
            metadata.Add("authorization", $"Bearer {await Tokens.GetAsync(context.CancellationToken)}"));
        channel = GrpcChannel.ForAddress(options.GrpcAddress, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(options.GrpcAddress.Scheme == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = options.GrpcAddress.Scheme != "https",
        });
        var invoker = channel.Intercept(new TransientRetry(options.Retries));
        Profile = new ProfileService.ProfileServiceClient(invoker);
        Matching = new MatchingService.MatchingServiceClient(invoker);
        Scheduling = new SchedulingService.SchedulingServiceClient(invoker);
        Feedback = new FeedbackService.FeedbackServiceClient(invoker);
        Integration = new IntegrationService.IntegrationServiceClient(invoker);
    }

    public ClientCredentialsTokens Tokens { get; }
    public ProfileService.ProfileServiceClient Profile { get; }
    public MatchingService.MatchingServiceClient Matching { get; }
    public SchedulingService.SchedulingServiceClient Scheduling { get; }
    public FeedbackService.FeedbackServiceClient Feedback { get; }
    public IntegrationService.IntegrationServiceClient Integration { get; }

    /// <summary>
    /// The organisation's partner events as a resumable stream (<see cref="ResumableEventStream"/>):
    /// <c>await foreach (var item in client.WatchEvents(new() { ResumeAfter = saved }, ct))</c>, saving
    /// <see cref="WatchItem.Position"/> after handling each item. Needs <c>events.read</c> and the areas' read scopes.
    /// </summary>
    public ResumableEventStream WatchEvents(WatchEventsOptions? options = null) => new(Integration, options ?? new WatchEventsOptions());

    public void Dispose()
    {
        channel.Dispose();
        tokenHttp.Dispose();
    }
}
