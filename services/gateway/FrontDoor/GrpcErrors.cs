namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// Errors the gateway itself answers to gRPC callers. A gRPC client reads the status from the
/// trailers, so an HTTP error status would surface as a protocol error; instead the gateway sends a
/// trailers-only response: HTTP 200, <c>content-type: application/grpc</c>, <c>grpc-status</c> and
/// <c>grpc-message</c> in the headers and no body.
/// </summary>
public static class GrpcErrors
{
    public const int ResourceExhausted = 8;

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="message">Printable ASCII; it goes into the <c>grpc-message</c> header as is.</param>
    public static Task WriteTrailersOnlyAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = message;
        return response.CompleteAsync();
    }
}
