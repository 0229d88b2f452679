using System.Buffers;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Mentoring.BuildingBlocks.Validation.Messages;

/// <summary>
/// Binds each gRPC service as Grpc.AspNetCore's own binder does, but with a request marshaller
/// that turns bytes the parser refuses (malformed wire format, strings that are not UTF-8) into
/// INVALID_ARGUMENT with a field violation, instead of the UNKNOWN "exception was thrown by
/// handler" the framework answers for any exception thrown while reading a request.
/// Registered in place of the framework's binder (see <see cref="GuardedBinding"/>).
/// </summary>
public sealed class GuardedServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var (bind, baseType) = FindBindMethod(typeof(TService));
        if (bind is null) return;
        bind.Invoke(null, [new Binder(context, baseType!), null]);
    }

    private static (MethodInfo?, Type?) FindBindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } attribute) continue;
            var method = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static,
                [typeof(ServiceBinderBase), type]);
            if (method is not null) return (method, type);
        }
        return (null, null);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
            context.AddUnaryMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddServerStreamingMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
            context.AddClientStreamingMethod(Guard(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddDuplexStreamingMethod(Guard(method), metadata, invoker);
        }

        private (TDelegate, List<object>) Model<TDelegate>(string name, Type[] parameters) where TDelegate : Delegate
        {
            var handler = FindOverride(name, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true)); // type first: method attributes win
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (method is null) return null;
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == declaringType) return method;
            }
            return null;
        }
    }

    private static Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var inner = method.RequestMarshaller;
        var descriptor = (Activator.CreateInstance<TRequest>() as IMessage)?.Descriptor;
        var guarded = new Marshaller<TRequest>(inner.ContextualSerializer, context =>
        {
            try
            {
                return inner.ContextualDeserializer(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && descriptor is not null)
            {
                var (field, description) = WireFormatInspector.Explain(descriptor, context.PayloadAsReadOnlySequence().ToArray());
                throw Violations.Single(field.Length == 0 ? "request" : field, description);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, guarded, method.ResponseMarshaller);
    }
}

/// <summary>Swaps Grpc.AspNetCore's service binder for <see cref="GuardedServiceMethodProvider{TService}"/>.</summary>
public static class GuardedBinding
{
    public static void UseGuardedBinding(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        var framework = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) &&
            d.ImplementationType is { Name: var name } && name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal)).ToList();
        if (framework.Count == 0)
            throw new InvalidOperationException("Grpc.AspNetCore's binder was not found: call UseGuardedBinding after AddGrpc.");
        foreach (var descriptor in framework) services.Remove(descriptor);
        services.Add(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton(
            typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>)));
    }
}
