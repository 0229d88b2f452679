namespace Mentoring.Gateway.OpenApi;

/// <summary>The prose of the document that does not come from the protos.</summary>
public static class OpenApiText
{
    public const string Introduction = """
        The REST surface of the mentoring platform, through its gateway: the JSON transcoding of the
        gRPC services in `contracts/proto`, generated from those protos (their comments are the
        descriptions here). Partner apps may call the same RPCs over gRPC on the gateway's HTTP/2 port.

        - Every call needs an OAuth 2.0 access token (see the security schemes); the organisation is
          the token's `tenant`, never a field.
        - JSON is the proto3 JSON mapping: lowerCamelCase field names, enums as their value names,
          64-bit integers as strings, timestamps as RFC 3339 strings, durations as `"3600s"`, field
          masks as comma-separated paths. Fields left at their default value are omitted from responses.
        - `required` lists the fields the protos mark `REQUIRED`; `readOnly` marks `OUTPUT_ONLY`
          fields (ignored on input). On an update with `updateMask`, only the fields in the mask are read.
        - Resource names such as `people/{id}` are given in the path: `/profile/v1/people/{personId}`
          sets the request's `name` to `people/{personId}` (each parameter says how).
        - Creates are idempotent by `requestId` or an `idempotency-key` header.
        - The gateway itself may answer 401 (no or bad token), 413 (body too large) and 429 (rate
          limit, with `Retry-After`) as `application/problem+json`; every response carries an `x-request-id`.
        """;

    public const string Errors = """
        An error: the gRPC status as JSON (`code` is the gRPC code's number). The HTTP status
        follows the code as the JSON transcoder maps it: INVALID_ARGUMENT, FAILED_PRECONDITION and
        OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, CANCELLED 408,
        ALREADY_EXISTS and ABORTED 409, RESOURCE_EXHAUSTED 429, UNIMPLEMENTED 501, UNAVAILABLE 503,
        DEADLINE_EXCEEDED 504, others 500. Bad input (INVALID_ARGUMENT) lists each field violation
        in a `google.rpc.BadRequest` detail.
        """;
}
