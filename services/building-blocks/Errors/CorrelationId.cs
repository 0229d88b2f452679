using System.Diagnostics;
using Mentoring.BuildingBlocks.Requests;
using Microsoft.AspNetCore.Http;

namespace Mentoring.BuildingBlocks.Errors;

/// <summary>
/// The id a caller quotes when reporting a failure: the gateway's <c>x-request-id</c> when the call
/// came through it, else the trace id, else ASP.NET's request identifier. The log has it too.
/// </summary>
public static class CorrelationId
{
    public static string Of(HttpContext http)
    {
        var requestId = http.Request.Headers[RequestIdLogging.Header].ToString();
        if (requestId.Length is > 0 and <= 128 && requestId.All(c => c is > ' ' and < (char)127)) return requestId;
        return Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }
}
