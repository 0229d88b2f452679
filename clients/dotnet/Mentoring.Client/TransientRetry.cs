using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.Retry;

namespace Mentoring.Client;

/// <summary>
/// Tries a unary call again, with exponential backoff and jitter, when it fails with a transient code:
/// UNAVAILABLE (a restart, a network blip), DEADLINE_EXCEEDED is not retried (the caller's time is up),
/// RESOURCE_EXHAUSTED waits at least the <c>retry-after</c> the gateway's rate limiter sends. Creates are
/// safe to retry because they carry a <c>request_id</c>; other errors are the caller's to handle.
/// </summary>
public sealed class TransientRetry(int retries) : Interceptor
{
    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted),
            MaxRetryAttempts = Math.Max(retries, 1),
            Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
        })
        .Build();

    private readonly bool enabled = retries > 0;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!enabled) return continuation(request, context);
        // The call that answered last gives the headers, status and trailers the caller sees.
        AsyncUnaryCall<TResponse>? last = null;
        var response = pipeline.ExecuteAsync(async _ =>
        {
            last?.Dispose();
            last = continuation(request, context);
            return await last.ResponseAsync;
        }, context.Options.CancellationToken).AsTask();
        var headers = response.ContinueWith(_ => last!.ResponseHeadersAsync, TaskScheduler.Default).Unwrap();
        return new AsyncUnaryCall<TResponse>(response, headers, () => last!.GetStatus(), () => last!.GetTrailers(), () => last?.Dispose());
    }

    /// <summary>The gateway's <c>retry-after</c> (seconds) when it sent one; otherwise the default backoff.</summary>
    private static TimeSpan? RetryAfter(Exception? e) =>
        e is RpcException { StatusCode: StatusCode.ResourceExhausted } r && r.Trailers.GetValue("retry-after") is { } s && int.TryParse(s, out var seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60))
            : null;
}
