using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mentoring.BuildingBlocks.Validation.Messages;

/// <summary>
/// Refuses, before any handler or policy sees it, every request (and every message of a request
/// stream) holding a string that no field may hold (<see cref="TextRules"/>): INVALID_ARGUMENT
/// with a field violation per string. Runs for gRPC and transcoded REST alike.
/// </summary>
public sealed class RequestTextInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Check<T>(T message)
    {
        if (message is IMessage m) MessageTextScanner.Scan(m).ThrowIfAny();
    }

    /// <summary>A request stream whose every message is checked as it is read; a bad one ends the call.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken)) return false;
            Check(inner.Current);
            return true;
        }
    }
}
