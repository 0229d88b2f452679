using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mentoring.Testing;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that can cut one connection at the moment that
/// matters: at the COMMIT of the transaction that carried a marker (bytes only the test's own
/// statement sends, e.g. a unique name among its parameters). Other connections — the service's
/// background work, its pool's other members — pass through untouched, before and after.
/// </summary>
/// <remarks>
/// Npgsql sends COMMIT as a simple query message of its own (<c>Q</c> … <c>COMMIT\0</c>), after
/// the transaction's statements have been answered, so the marker is seen first and the COMMIT
/// arrives in a later read. Both sides of the cut connection are reset (SO_LINGER 0), as a
/// broken network does to a client.
/// </remarks>
public sealed class TcpCutProxy : IAsyncDisposable
{
    public enum CutPoint
    {
        /// <summary>The COMMIT never reaches the server, which rolls the transaction back.</summary>
        BeforeTheServerCommits,
        /// <summary>The server commits and answers; the answer never reaches the client.</summary>
        AfterTheServerCommitted,
    }

    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");
    private readonly TcpListener listener;
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly object gate = new();
    private (byte[] Marker, CutPoint Point, TaskCompletionSource Done)? armed;

    private TcpCutProxy(IPEndPoint upstream)
    {
        this.upstream = upstream;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>Where clients connect instead of the server.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static TcpCutProxy To(string host, int port)
    {
        var address = host is "localhost" ? IPAddress.Loopback : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        return new TcpCutProxy(new IPEndPoint(address, port));
    }

    /// <summary>Cuts the first connection whose transaction sends <paramref name="marker"/>, at its COMMIT; the task completes when it is cut.</summary>
    public Task CutAtCommitOf(string marker, CutPoint point)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate) armed = (Encoding.UTF8.GetBytes(marker), point, done);
        return done.Task;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(upstream, stopping.Token);
        }
        catch (Exception)
        {
            return;
        }
        client.NoDelay = server.NoDelay = true;
        var connection = new Connection(this, client, server);
        await Task.WhenAny(connection.ClientToServerAsync(stopping.Token), connection.ServerToClientAsync(stopping.Token));
        connection.Reset();
    }

    /// <summary>One proxied connection: forwards both ways, watching the client's bytes for the marker and then COMMIT.</summary>
    private sealed class Connection(TcpCutProxy proxy, TcpClient client, TcpClient server)
    {
        private bool markerSeen;
        private volatile bool commitForwarded;
        private (byte[] Marker, CutPoint Point, TaskCompletionSource Done)? cut;

        public async Task ClientToServerAsync(CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            var from = client.GetStream();
            var to = server.GetStream();
            while (true)
            {
                var n = await from.ReadAsync(buffer, ct);
                if (n == 0) return;
                var chunk = buffer.AsSpan(0, n);
                if (!markerSeen && TakeArmedIfMarked(chunk)) markerSeen = true;
                else if (markerSeen && chunk.IndexOf(Commit) >= 0)
                {
                    if (cut!.Value.Point == CutPoint.BeforeTheServerCommits)
                    {
                        cut.Value.Done.TrySetResult();
                        return; // the COMMIT is dropped with the connection
                    }
                    commitForwarded = true;
                }
                await to.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }

        public async Task ServerToClientAsync(CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            var from = server.GetStream();
            var to = client.GetStream();
            while (true)
            {
                var n = await from.ReadAsync(buffer, ct);
                if (n == 0) return;
                if (commitForwarded)
                {
                    cut!.Value.Done.TrySetResult();
                    return; // the server's answer to COMMIT is dropped with the connection
                }
                await to.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }

        private bool TakeArmedIfMarked(ReadOnlySpan<byte> chunk)
        {
            lock (proxy.gate)
            {
                if (proxy.armed is not { } a || chunk.IndexOf(a.Marker) < 0) return false;
                cut = a;
                proxy.armed = null;
                return true;
            }
        }

        public void Reset()
        {
            foreach (var side in new[] { client, server })
            {
                try
                {
                    side.LingerState = new LingerOption(true, 0); // close with RST, as a broken link looks
                    side.Client.Close();
                }
                catch (Exception) { }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
