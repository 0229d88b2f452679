using System.Globalization;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Mentoring.Contracts.Integration.V1;
using Polly;
using Polly.Retry;

namespace Mentoring.Client;

/// <summary>
/// WatchEvents that survives restarts (docs/integration.md, "Watching events"): an async sequence of
/// the organisation's partner events in position order that keeps the last position it yielded and,
/// when the stream fails transiently or ends (a gateway or service restart, a dropped connection, a
/// stream silent past <see cref="WatchEventsOptions.IdleTimeout"/>), reconnects with
/// <c>resume_after</c> = that position, with exponential backoff and jitter (Polly). An event at or
/// below the cursor is never yielded again, so the sequence has no duplicate and, as the service
/// sends everything after <c>resume_after</c>, no gap. Errors that retrying cannot fix
/// (PERMISSION_DENIED, INVALID_ARGUMENT, UNAUTHENTICATED, …) end the enumeration with the
/// <see cref="RpcException"/>, as does a token server refusing the client's credentials. Save
/// <see cref="WatchItem.Position"/> after handling an item and pass it back as
/// <see cref="WatchEventsOptions.ResumeAfter"/> when the app restarts. One enumeration at a time.
/// </summary>
public sealed class ResumableEventStream(IntegrationService.IntegrationServiceClient client, WatchEventsOptions options) : IAsyncEnumerable<WatchItem>
{
    private readonly ResiliencePipeline connecting = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsTransient),
            MaxRetryAttempts = Math.Max(options.MaxAttempts - 1, 1),
            Delay = options.InitialBackoff, MaxDelay = options.MaxBackoff, BackoffType = DelayBackoffType.Exponential, UseJitter = true,
            OnRetry = args =>
            {
                options.OnReconnect?.Invoke(args.Outcome.Exception as RpcException, args.RetryDelay);
                return default;
            },
        })
        .Build();

    /// <summary>The position of the last item yielded (or of the stream's start); null before the first heartbeat of a "from now" stream.</summary>
    public long? Cursor { get; private set; } = options.ResumeAfter;

    /// <summary>How many times the stream was opened again after a failure or an end.</summary>
    public int Reconnects { get; private set; }

    public async IAsyncEnumerator<WatchItem> GetAsyncEnumerator(CancellationToken ct = default)
    {
        while (true)
        {
            using var connection = await connecting.ExecuteAsync(ConnectAsync, ct);
            var message = connection.First;
            while (message is not null)
            {
                if (Accept(message) is { } item) yield return item;
                message = await connection.NextAsync(ct);
            }
            // It failed or ended after it had started: reconnect at once after a short pause (a
            // restart loop does not spin), then with backoff while reconnecting fails.
            Reconnects++;
            var pause = Jitter(options.InitialBackoff);
            options.OnReconnect?.Invoke(connection.Failure, pause);
            await Task.Delay(pause, ct);
        }
    }

    /// <summary>The item to yield for a message, advancing the cursor; null for a duplicate or a swallowed heartbeat.</summary>
    private WatchItem? Accept(WatchEventsResponse message)
    {
        if (message.Event is { } e)
        {
            if (e.Position <= Cursor) return null; // already yielded before a reconnection
            Cursor = e.Position;
            return new WatchItem(e.Position, e, null);
        }
        if (message.Heartbeat is not { } h) return null;
        // Every allowed event up to a heartbeat's position was sent before it, so it is a safe cursor.
        if (Cursor is null || h.Position > Cursor) Cursor = h.Position;
        return options.IncludeHeartbeats ? new WatchItem(Cursor.Value, null, h) : null;
    }

    /// <summary>Opens the stream after the cursor and reads its first message (a heartbeat); transient failures are retried by the pipeline.</summary>
    private async ValueTask<Connection> ConnectAsync(CancellationToken ct)
    {
        var request = new WatchEventsRequest { EventTypes = { options.EventTypes } };
        if (Cursor is { } cursor) request.ResumeAfter = cursor.ToString(CultureInfo.InvariantCulture);
        var connection = new Connection(client, request, options.IdleTimeout, ct);
        try
        {
            connection.First = await connection.NextAsync(ct)
                ?? throw connection.Failure ?? new RpcException(new Status(StatusCode.Unavailable, "The stream ended before its first message."));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Worth reconnecting: not a refusal, not bad input, and not a token server that refused the credentials.</summary>
    internal static bool IsTransient(RpcException e) => e.StatusCode is
        StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or
        StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Cancelled
        && e.Status.DebugException is not MentoringClientException;

    private static TimeSpan Jitter(TimeSpan t) => t * (0.5 + Random.Shared.NextDouble());

    /// <summary>One WatchEvents call, read with an idle timeout.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly CancellationTokenSource alive;
        private readonly AsyncServerStreamingCall<WatchEventsResponse> call;
        private readonly TimeSpan idle;

        public Connection(IntegrationService.IntegrationServiceClient client, WatchEventsRequest request, TimeSpan idle, CancellationToken ct)
        {
            this.idle = idle;
            alive = CancellationTokenSource.CreateLinkedTokenSource(ct);
            call = client.WatchEvents(request, cancellationToken: alive.Token);
        }

        public WatchEventsResponse? First { get; set; }

        /// <summary>Why the stream stopped: null when it ended normally.</summary>
        public RpcException? Failure { get; private set; }

        /// <summary>The next message; null when the stream ended or failed transiently (see <see cref="Failure"/>).</summary>
        public async Task<WatchEventsResponse?> NextAsync(CancellationToken ct)
        {
            alive.CancelAfter(idle);
            try
            {
                return await call.ResponseStream.MoveNext(alive.Token) ? call.ResponseStream.Current : null;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var failure = e as RpcException ?? new RpcException(new Status(StatusCode.DeadlineExceeded, "No message within the idle timeout."));
                if (alive.IsCancellationRequested && failure.StatusCode == StatusCode.Cancelled)
                    failure = new RpcException(new Status(StatusCode.DeadlineExceeded, "No message within the idle timeout."));
                if (!IsTransient(failure)) throw failure;
                Failure = failure;
                return null;
            }
            catch (RpcException) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(ct);
            }
        }

        public void Dispose()
        {
            call.Dispose();
            alive.Dispose();
        }
    }
}
