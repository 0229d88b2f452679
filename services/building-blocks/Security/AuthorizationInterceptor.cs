using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Security;

/// <summary>
/// Enforces the service's policy table on every RPC (gRPC and transcoded REST alike): no policy,
/// no call. Runs after authentication, so the caller is known; a caller from another tenant never
/// gets this far with another tenant's data, since every query is bound to the token's tenant.
/// </summary>
public sealed class AuthorizationInterceptor(RpcPolicies policies, ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    /// <summary>Infrastructure every client may use without a token: health checks and (in development) reflection.</summary>
    private static readonly string[] AnonymousServices =
        ["/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/", "/grpc.reflection.v1.ServerReflection/"];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request as IMessage, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request as IMessage, context);
        await continuation(request, responseStream, context);
    }

    // Streams from the client carry no single request to judge "self" by: only administrators and clients pass.
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Decide(null, context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Decide(null, context);
        return continuation(requestStream, responseStream, context);
    }

    private async Task AuthorizeAsync(IMessage? request, ServerCallContext context)
    {
        if (Decide(request, context) is not { ParticipantOf: { } resource } decision) return;
        var caller = Caller.From(context.GetHttpContext().User)!;
        var directory = context.GetHttpContext().RequestServices.GetService(typeof(IParticipantDirectory)) as IParticipantDirectory
            ?? throw new InvalidOperationException("A participant policy needs an IParticipantDirectory service.");
        if (!await directory.IsParticipantAsync(caller, resource, context.CancellationToken))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Not allowed: {decision.Reason}."));
    }

    /// <summary>Applies the policy table; returns a decision still to be checked against the data, or null when allowed.</summary>
    private AccessDecision? Decide(IMessage? request, ServerCallContext context)
    {
        if (AnonymousServices.Any(s => context.Method.StartsWith(s, StringComparison.Ordinal))) return null;
        var principal = context.GetHttpContext().User;
        if (principal.Identity?.IsAuthenticated != true)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A bearer access token is required."));
        var caller = Caller.From(principal)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The access token names no subject or organisation."));
        var policy = policies.Find(context.Method);
        if (policy is null)
        {
            logger.LogError("RPC {Method} has no declared policy: refused", context.Method);
            throw new RpcException(new Status(StatusCode.PermissionDenied, "This method has no access policy."));
        }
        var decision = policy.Evaluate(caller, request);
        if (decision.Allowed) return null;
        if (decision.ParticipantOf is not null && request is not null) return decision;
        throw new RpcException(new Status(StatusCode.PermissionDenied, $"Not allowed: {decision.Reason}."));
    }
}
