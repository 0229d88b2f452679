using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mentoring.BuildingBlocks.Validation;

namespace Mentoring.BuildingBlocks.Requests;

/// <summary>
/// Lets callers send the idempotency key of a create as metadata (gRPC) or header (REST),
/// <c>idempotency-key</c>, instead of the request's <c>request_id</c> field. Each create stores
/// its key atomically with its effect, so a replay returns the first result and has one effect.
/// </summary>
public sealed class IdempotencyKeyInterceptor : Interceptor
{
    public const string Header = "idempotency-key";
    private const string Field = "request_id";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var key = context.RequestHeaders.GetValue(Header);
        if (!string.IsNullOrEmpty(key) && request is IMessage message &&
            message.Descriptor.FindFieldByName(Field) is { FieldType: FieldType.String } field)
        {
            var inBody = (string)field.Accessor.GetValue(message);
            if (inBody.Length == 0) field.Accessor.SetValue(message, key);
            else if (inBody != key) throw Violations.Single(Field, $"differs from the {Header} header; send one or make them equal");
        }
        return continuation(request, context);
    }
}
