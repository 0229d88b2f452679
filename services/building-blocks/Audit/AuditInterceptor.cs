using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mentoring.BuildingBlocks.Security;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Audit;

/// <summary>
/// Writes an audit record for every call of an RPC whose policy is audited — allowed or refused
/// by validation, successful or not — after the call, with its outcome. (Calls refused by the
/// policy never reach this point: they are not administrative changes.)
/// </summary>
public sealed class AuditInterceptor(RpcPolicies policies, AuditLog audit, ILogger<AuditInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var policy = policies.Find(context.Method);
        var caller = Caller.From(context.GetHttpContext().User);
        if (policy?.Audit is not { } resourceOf || caller is null) return await continuation(request, context);

        TResponse? response = default;
        var outcome = StatusCode.OK;
        try
        {
            response = await continuation(request, context);
            return response;
        }
        catch (RpcException e)
        {
            outcome = e.StatusCode;
            throw;
        }
        catch (Exception)
        {
            outcome = StatusCode.Internal;
            throw;
        }
        finally
        {
            try
            {
                var resource = resourceOf((IMessage)request!, response as IMessage);
                await audit.WriteAsync(caller, context.Method, resource, Outcome(outcome), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Audit record of {Method} by {Actor} not written", context.Method, caller.Subject);
            }
        }
    }

    /// <summary>The status name as the google.rpc.Code enum spells it (INVALID_ARGUMENT …).</summary>
    private static string Outcome(StatusCode code) =>
        System.Text.RegularExpressions.Regex.Replace(code.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant();
}
