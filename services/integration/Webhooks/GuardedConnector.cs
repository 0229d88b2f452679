using System.Net;
using System.Net.Sockets;

namespace Mentoring.Integration.Webhooks;

/// <summary>
/// The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the endpoint's
/// name itself, keeps only the addresses <see cref="EndpointAddresses"/> allows and connects to one
/// of those. Checking the addresses actually connected to (not the name at registration) is what
/// catches a name that resolves to a private address, or starts to (DNS rebinding).
/// </summary>
public sealed class GuardedConnector(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public GuardedConnector() : this((host, ct) => Dns.GetHostAddressesAsync(host, ct)) { }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await AllowedAddressesAsync(context.DnsEndPoint.Host, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses of <paramref name="host"/> a webhook may reach; <see cref="EndpointRefusedException"/> when none.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken ct)
    {
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, ct);
        var allowed = resolved.Where(EndpointAddresses.IsAllowed).ToArray();
        return allowed.Length > 0 ? allowed : throw new EndpointRefusedException();
    }
}

/// <summary>The endpoint's name resolves to no address a webhook may reach: nothing was sent.</summary>
public sealed class EndpointRefusedException() : IOException("The endpoint resolves to no public address.");
