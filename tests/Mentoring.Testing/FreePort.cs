using System.Net;
using System.Net.Sockets;

namespace Mentoring.Testing;

/// <summary>A TCP port free on loopback right now (the OS picks it).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
