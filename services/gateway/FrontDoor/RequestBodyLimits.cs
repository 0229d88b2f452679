using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;
using Yarp.ReverseProxy.Forwarder;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// Request body limits (<c>Gateway:RequestLimits</c>). REST bodies: Kestrel's
/// <c>MaxRequestBodySize</c>, checked up front against <c>Content-Length</c> so an oversized body is
/// never forwarded; a chunked body that grows too large stops the proxying when Kestrel refuses to
/// read on. gRPC bodies: YARP lifts Kestrel's limit for gRPC (streams may be long), so the gateway
/// counts the bytes it forwards. Either way REST callers get 413 with a problem-details body and gRPC
/// callers RESOURCE_EXHAUSTED.
/// </summary>
public static class RequestBodyLimits
{
    public static void ConfigureKestrel(KestrelServerOptions kestrel, RequestLimitOptions limits) =>
        kestrel.Limits.MaxRequestBodySize = OrNull(limits.MaxRequestBodySize);

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app, RequestLimitOptions limits) =>
        app.Use(async (http, next) =>
        {
            var grpc = GrpcErrors.IsGrpc(http.Request);
            var limit = grpc ? limits.MaxGrpcRequestBodySize : limits.MaxRequestBodySize;
            if (grpc && limit > 0)
            {
                // The gateway's count replaces Kestrel's limit, which YARP lifts for gRPC anyway.
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
                    kestrelLimit.MaxRequestBodySize = null;
                http.Request.Body = new SizeLimitedStream(http.Request.Body, limit);
            }
            else if (!grpc && limit > 0 && http.Request.ContentLength > limit)
            {
                await RejectAsync(http, grpc, limit);
                return;
            }

            await next(http);

            if (!http.Response.HasStarted && IsBodyTooLarge(http.Features.Get<IForwarderErrorFeature>()?.Exception))
            {
                http.Response.Clear();
                await RejectAsync(http, grpc, limit);
            }
        });

    private static long? OrNull(long limit) => limit > 0 ? limit : null;

    private static bool IsBodyTooLarge(Exception? e) => e switch
    {
        null => false,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException a => a.InnerExceptions.Any(IsBodyTooLarge),
        _ => IsBodyTooLarge(e.InnerException),
    };

    private static Task RejectAsync(HttpContext http, bool grpc, long limit)
    {
        var message = $"Request body larger than {limit.ToString(CultureInfo.InvariantCulture)} bytes";
        if (grpc) return GrpcErrors.WriteTrailersOnlyAsync(http.Response, GrpcErrors.ResourceExhausted, message);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: message + ".",
            extensions: new Dictionary<string, object?> { ["requestId"] = RequestIds.Of(http) })
            .ExecuteAsync(http);
    }

    /// <summary>Reads through to the request body and fails with 413 once more than the limit has been read.</summary>
    private sealed class SizeLimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        private int Count(int n)
        {
            read += n;
            if (read > limit)
                throw new BadHttpRequestException($"Request body larger than {limit} bytes", StatusCodes.Status413PayloadTooLarge);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
