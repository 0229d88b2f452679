using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Errors;

/// <summary>
/// The outermost interceptor: an exception that is not an <see cref="RpcException"/> is a fault of
/// ours, never the caller's. The caller gets INTERNAL with a correlation id (and an
/// <c>ErrorInfo</c> carrying it); the exception goes to the log under the same id. No exception
/// text ever reaches a response.
/// </summary>
public sealed class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (IsUnexpected(e, context)) { throw Internal(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (IsUnexpected(e, context)) { throw Internal(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (IsUnexpected(e, context)) { throw Internal(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (IsUnexpected(e, context)) { throw Internal(e, context); }
    }

    // A call the client cancelled ends as CANCELLED through the framework; that is not a fault.
    private static bool IsUnexpected(Exception e, ServerCallContext context) =>
        e is not RpcException && !(e is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    // The database still unreachable after the retries (a restart taking long): UNAVAILABLE, which
    // clients retry, rather than INTERNAL.
    private RpcException Internal(Exception e, ServerCallContext context)
    {
        var correlationId = CorrelationId.Of(context.GetHttpContext());
        var unavailable = TransientFailures.IsUnavailable(e);
        var (reason, message) = unavailable ? TransientFailures.Explain(e) : ("INTERNAL", "Internal error.");
        logger.LogError(e, "Unexpected failure in {Method} (correlation id {CorrelationId})", context.Method, correlationId);
        return new Google.Rpc.Status
        {
            Code = (int)(unavailable ? Code.Unavailable : Code.Internal),
            Message = $"{message} Correlation id: {correlationId}",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Reason = reason, Domain = "mentoring",
                    Metadata = { ["correlation_id"] = correlationId },
                }),
            },
        }.ToRpcException();
    }
}
