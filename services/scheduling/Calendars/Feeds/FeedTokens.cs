using System.Security.Cryptography;
using Grpc.Core;
using Mentoring.BuildingBlocks.Validation;

namespace Mentoring.Scheduling.Calendars.Feeds;

/// <summary>Feed tokens: 32 random bytes, base64url; only their SHA-256 is stored.</summary>
public static class FeedTokens
{
    public const string PathPrefix = "/scheduling/feeds/";

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    public static string PathOf(string token) => $"{PathPrefix}{token}.ics";

    /// <summary>The person of <c>people/{id}/calendarFeed</c>.</summary>
    public static Guid Person(string name)
    {
        const string suffix = "/calendarFeed";
        if (name.EndsWith(suffix, StringComparison.Ordinal)
            && Mentoring.BuildingBlocks.Resources.ResourceName.TryParse("people", name[..^suffix.Length], out var person))
            return person;
        throw Violations.Single("name", "must be people/{person_id}/calendarFeed");
    }

    /// <summary>The person part of a feed's name, for the policy's self check (null when malformed).</summary>
    public static string? PersonOf(string name) =>
        name.EndsWith("/calendarFeed", StringComparison.Ordinal) ? name[..^"/calendarFeed".Length] : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
