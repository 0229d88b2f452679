using Grpc.Core;

namespace Mentoring.BuildingBlocks.Security;

/// <summary>The caller of an RPC, for handlers whose answer depends on who asks.</summary>
public static class CallerOfCall
{
    /// <summary>The authenticated caller (the authorisation interceptor has already refused calls without one).</summary>
    public static Caller Caller(this ServerCallContext context) =>
        Security.Caller.From(context.GetHttpContext().User)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The access token names no subject or organisation."));
}
