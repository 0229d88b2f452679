using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.IntegrationTests.FakeDapr;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// Stands in for the Dapr sidecar at its documented gRPC boundary
/// (<c>dapr.proto.runtime.v1.Dapr/PublishEvent</c>), recording what a service publishes.
/// The real sidecar (daprd) cannot be installed on these machines.
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeDaprSidecar(WebApplication app, int port) => (this.app, Port) = (app, port);

    public int Port { get; }
    public string GrpcEndpoint => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<PublishEventRequest> Published => app.Services.GetRequiredService<ConcurrentQueue<PublishEventRequest>>();

    public static async Task<FakeDaprSidecar> StartAsync(int? port = null)
    {
        var chosen = port ?? FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(chosen, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new ConcurrentQueue<PublishEventRequest>());
        var app = builder.Build();
        app.MapGrpcService<Sidecar>();
        await app.StartAsync();
        return new FakeDaprSidecar(app, chosen);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class Sidecar(ConcurrentQueue<PublishEventRequest> published) : FakeDapr.Dapr.DaprBase
    {
        public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
        {
            published.Enqueue(request);
            return Task.FromResult(new Empty());
        }
    }
}
