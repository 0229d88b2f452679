namespace Mentoring.Matching.Engine.Programmes;

/// <summary>Ways of meeting, as a set (profile's <c>MeetingFormat</c>).</summary>
[Flags]
public enum MeetingFormats : byte
{
    /// <summary>No format.</summary>
    None = 0,
    /// <summary>Face to face.</summary>
    InPerson = 1,
    /// <summary>By telephone.</summary>
    Phone = 2,
    /// <summary>By video call.</summary>
    Video = 4,
    /// <summary>By e-mail or chat.</summary>
    Chat = 8,
    /// <summary>Every format.</summary>
    All = InPerson | Phone | Video | Chat,
    /// <summary>Every format that does not need the two people in one place.</summary>
    Remote = Phone | Video | Chat,
}

/// <summary>Readable names of meeting formats.</summary>
public static class MeetingFormatNames
{
    /// <summary>"in person, video" — the formats of the set, in declaration order; "none" for the empty set.</summary>
    public static string Describe(MeetingFormats formats)
    {
        if (formats == MeetingFormats.None) return "none";
        var names = new List<string>(4);
        if ((formats & MeetingFormats.InPerson) != 0) names.Add("in person");
        if ((formats & MeetingFormats.Phone) != 0) names.Add("phone");
        if ((formats & MeetingFormats.Video) != 0) names.Add("video");
        if ((formats & MeetingFormats.Chat) != 0) names.Add("chat");
        return string.Join(", ", names);
    }
}
