using System.Net;
using System.Net.Sockets;

namespace Mentoring.Testing;

/// <summary>
/// A TCP port on loopback that nothing listens on and that nobody else in this process was given.
/// </summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range (32768–60999 on Linux). A port the OS picks
/// for "bind to 0" lies inside that range, so between our check and the server's own bind an
/// outgoing connection (hundreds of database connections in a test run) may take it as its local
/// port: "address already in use". Below the range only listeners can hold a port, and we check
/// for those. Each process starts at its own offset and never hands out a port twice.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000; // 20000–31999
    private static int next = Environment.ProcessId * 7919 % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
