using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Mentoring.Integration.WatchEvents;

/// <summary>
/// The answer to a cursor older than what the partner log keeps (docs/integration.md, "Retention"):
/// OUT_OF_RANGE with a <c>google.rpc.ErrorInfo</c> saying the oldest position kept, and the cursor
/// that resumes from there. Never a stream with a silent gap.
/// </summary>
public static class PositionExpired
{
    public const string Reason = "POSITION_EXPIRED";
    public const string Domain = "integration.mentoring";

    public static RpcException Error(long position, long prunedThrough)
    {
        var oldest = prunedThrough + 1;
        return new Google.Rpc.Status
        {
            Code = (int)Code.OutOfRange,
            Message = $"Position {position} is no longer kept: the partner log starts at position {oldest} (retention). "
                + $"Resume after {prunedThrough} to continue from the oldest event kept, or resynchronise.",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Reason = Reason,
                    Domain = Domain,
                    Metadata =
                    {
                        ["oldest_position"] = oldest.ToString(CultureInfo.InvariantCulture),
                        ["resume_after"] = prunedThrough.ToString(CultureInfo.InvariantCulture),
                    },
                }),
            },
        }.ToRpcException();
    }
}
