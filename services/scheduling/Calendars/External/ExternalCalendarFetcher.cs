using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>What a fetch gave: the calendar's text, or a short error safe to show its person.</summary>
public sealed record FetchResult(string? Text, string? Error)
{
    public static FetchResult Failed(string error) => new(null, error);
}

/// <summary>
/// Fetches a published calendar: GET over http(s) by the <see cref="ClientName"/> client, within
/// <see cref="ExternalCalendarOptions.ExternalCalendarTimeout"/> in all, following at most
/// <see cref="MaxRedirects"/> redirects (each target checked like a link), reading at most
/// <see cref="ExternalCalendarOptions.ExternalCalendarMaxBytes"/>. Connections go only to public
/// addresses (checked where names resolve). Failures come back as short texts, never exception
/// text or anything the server sent. The address often holds a secret: it is neither logged nor traced.
/// </summary>
public sealed class ExternalCalendarFetcher(IHttpClientFactory clients, IOptions<ExternalCalendarOptions> options)
{
    public const string ClientName = "external-calendars";
    public const int MaxRedirects = 3;

    public async Task<FetchResult> FetchAsync(string url, CancellationToken ct)
    {
        var o = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ExternalCalendarTimeout);
        // The address may hold the owner's secret: no spans (or their url.full) for these requests.
        using var untraced = SuppressInstrumentationScope.Begin();
        var client = clients.CreateClient(ClientName);
        var target = new Uri(url);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.Accept.ParseAdd("text/calendar, */*;q=0.1");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308)
                {
                    if (redirects == MaxRedirects) return FetchResult.Failed($"The calendar server redirected more than {MaxRedirects} times.");
                    if (response.Headers.Location is not { } location) return FetchResult.Failed("The calendar server redirected to no address.");
                    var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                    if (ExternalCalendarUrl.Problem(next, o.ExternalCalendarAllowInsecureUrls) is not null)
                        return FetchResult.Failed("The calendar server redirected to an address that is not allowed.");
                    target = next;
                    continue;
                }
                if (!response.IsSuccessStatusCode) return FetchResult.Failed($"The calendar server answered HTTP {(int)response.StatusCode}.");
                var max = o.ExternalCalendarMaxBytes;
                if (response.Content.Headers.ContentLength > max) return FetchResult.Failed(TooLarge(max));
                var body = await ReadAtMostAsync(response.Content, max, timeout.Token);
                return body is null ? FetchResult.Failed(TooLarge(max)) : new FetchResult(Decode(body), null);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Failed($"The calendar server did not answer within {Seconds(o.ExternalCalendarTimeout)}.");
        }
        catch (HttpRequestException e) when (Blocked(e))
        {
            return FetchResult.Failed("The calendar's address is on a loopback or private network.");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError)
        {
            return FetchResult.Failed("The calendar server's name could not be resolved.");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.SecureConnectionError)
        {
            return FetchResult.Failed("A secure connection to the calendar server failed.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return FetchResult.Failed("The calendar server could not be reached or broke off.");
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (reading stops there).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(HttpContent content, long max, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, ct);
            if (read == 0) return buffer.ToArray();
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>iCalendar is UTF-8 (RFC 5545 §3.1.4); a byte-order mark is dropped.</summary>
    private static string Decode(byte[] body) =>
        body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.GetString(body, 3, body.Length - 3) : Encoding.UTF8.GetString(body);

    public static string TooLarge(long max) => $"Calendar larger than {Size(max)}.";

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : bytes % 1024 == 0 ? $"{bytes / 1024} KB" : $"{bytes} bytes";

    private static string Seconds(TimeSpan t) => t.TotalSeconds == 1 ? "1 second" : $"{t.TotalSeconds:0.#} seconds";

    private static bool Blocked(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is BlockedAddressException) return true;
        return false;
    }

    /// <summary>
    /// Connects only to addresses the settings allow (<see cref="ExternalCalendarUrl.IsPublic"/>), judged
    /// on what the name resolves to, so that neither a name, a redirect nor DNS can lead to internal services.
    /// </summary>
    public static SocketsHttpHandler Handler(ExternalCalendarOptions o) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            if (!o.ExternalCalendarAllowInsecureUrls) addresses = addresses.Where(ExternalCalendarUrl.IsPublic).ToArray();
            if (addresses.Length == 0) throw new BlockedAddressException();
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
        },
    };

    private sealed class BlockedAddressException() : IOException("The address is not a public one.");
}
