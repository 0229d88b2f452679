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
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(request, context);
        return continuation(request, context);
    }

    private void Authorize<TRequest>(TRequest request, ServerCallContext context)
    {
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
        var decision = policy.Evaluate(caller, (IMessage)request!);
        if (!decision.Allowed)
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Not allowed: {decision.Reason}."));
    }
}
