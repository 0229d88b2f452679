using System.Text;
using Mentoring.BuildingBlocks.Paging;

namespace Mentoring.UnitTests.Matching;

public sealed class KeysetTokenTests
{
    [Fact]
    public void A_token_round_trips_for_its_own_filters_only()
    {
        var at = new DateTime(2027, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var id = Guid.NewGuid();
        var token = KeysetToken.Encode(at, id, "programmes/a||0");

        Assert.True(KeysetToken.TryDecode(token, "programmes/a||0", out var key));
        Assert.Equal((at, id), key);
        Assert.False(KeysetToken.TryDecode(token, "programmes/b||0", out _));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    public void Garbage_is_refused(string token) => Assert.False(KeysetToken.TryDecode(token, "", out _));

    [Fact]
    public void Out_of_range_times_are_refused_not_thrown()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{long.MaxValue}|{Guid.NewGuid()}|s"));
        Assert.False(KeysetToken.TryDecode(token, "s", out _));
        var overflow = Convert.ToBase64String(Encoding.UTF8.GetBytes($"99999999999999999999999|{Guid.NewGuid()}|s"));
        Assert.False(KeysetToken.TryDecode(overflow, "s", out _));
    }
}
