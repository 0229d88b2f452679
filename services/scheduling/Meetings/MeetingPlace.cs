using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Scheduling.Meetings;

/// <summary>How and where: a format, with the place for IN_PERSON and an https link for VIDEO.</summary>
public static class MeetingPlace
{
    public static void Check(Violations v, string prefix, MeetingFormat format, string location, string joinUrl)
    {
        if (format == MeetingFormat.Unspecified || !Enum.IsDefined(format)) v.Add(prefix + "format", "must be IN_PERSON, PHONE, VIDEO or CHAT");
        v.MaxLength(prefix + "location", location, 500);
        v.MaxLength(prefix + "join_url", joinUrl, 2000);
        if (format == MeetingFormat.InPerson && string.IsNullOrWhiteSpace(location)) v.Add(prefix + "location", "is required for an IN_PERSON meeting");
        if (joinUrl.Length > 0 && !(Uri.TryCreate(joinUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps))
            v.Add(prefix + "join_url", "must be an absolute https URL");
        else if (format == MeetingFormat.Video && string.IsNullOrWhiteSpace(joinUrl)) v.Add(prefix + "join_url", "is required for a VIDEO meeting");
    }
}
