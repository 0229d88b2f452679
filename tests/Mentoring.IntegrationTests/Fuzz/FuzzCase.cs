namespace Mentoring.IntegrationTests.Fuzz;

// A strict case is bad input by construction: it must be refused as INVALID_ARGUMENT / HTTP 400
// naming a field, and store nothing. Any other case may succeed or be refused, never as an internal error.

/// <summary>A gRPC case: the raw bytes of the request message.</summary>
public sealed record GrpcFuzzCase(string Label, byte[] Payload, bool Strict, string? ExpectedField = null);

/// <summary>A REST case: method, path and query, body (null: none) and content type.</summary>
public sealed record RestFuzzCase(string Label, string HttpMethod, string PathAndQuery, byte[]? Body, string ContentType, bool Strict);
