using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;

namespace Mentoring.Feedback.Relationships;

/// <summary>What every slice of feedback writes the same way: people's names, times, etags, and who is acting.</summary>
public static class ContentNames
{
    public static string Person(Guid id) => ResourceName.Format("people", id);

    public static Timestamp Utc(DateTime t) => Timestamp.FromDateTime(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    public static string Etag(int revision) => $"\"{revision}\"";

    /// <summary>The person acting: relationship content is written by participants, never on their behalf.</summary>
    public static Guid Acting(Caller caller) =>
        ResourceName.TryParse("people", caller.Person, out var id) ? id
            : throw new RpcException(new Status(StatusCode.PermissionDenied, "Only the relationship's participants write its content."));
}
