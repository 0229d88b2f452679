using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Mentoring.IntegrationTests.Fuzz;

/// <summary>Calls a method with raw request bytes, whatever its kind, and returns how it failed (null: it succeeded).</summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static async Task<RpcException?> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] payload)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var rpc = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(rpc, null, options, payload);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(rpc, null, options, payload))
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(rpc, null, options))
                    {
                        await call.RequestStream.WriteAsync(payload);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(rpc, null, options))
                    {
                        await call.RequestStream.WriteAsync(payload);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
            }
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
