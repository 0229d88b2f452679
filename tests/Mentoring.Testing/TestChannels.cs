using Grpc.Core;
using Grpc.Net.Client;

namespace Mentoring.Testing;

/// <summary>gRPC channels to a service under test, over cleartext HTTP/2 on loopback.</summary>
public static class TestChannels
{
    /// <summary>A channel to <paramref name="address"/>; with <paramref name="accessToken"/> every call carries it as a bearer token.</summary>
    public static GrpcChannel For(Uri address, string? accessToken = null)
    {
        if (accessToken is null) return GrpcChannel.ForAddress(address);
        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {accessToken}");
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, bearer),
            UnsafeUseInsecureChannelCallCredentials = true, // cleartext HTTP/2 on loopback in tests
        });
    }
}
