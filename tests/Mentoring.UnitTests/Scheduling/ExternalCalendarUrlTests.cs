using System.Net;
using Mentoring.Scheduling.Calendars.External;

namespace Mentoring.UnitTests.Scheduling;

/// <summary>Which published-calendar addresses may be linked, and which network addresses a fetch may connect to.</summary>
public class ExternalCalendarUrlTests
{
    [Theory]
    [InlineData("https://calendar.google.com/calendar/ical/x%40group.calendar.google.com/private-abc/basic.ics")]
    [InlineData("https://outlook.office365.com/owa/calendar/abc@example.org/def/calendar.ics")]
    [InlineData("https://93.184.216.34:8443/cal.ics")]
    [InlineData("https://[2606:4700::1111]/cal.ics")]
    public void Public_https_addresses_are_accepted(string url) => Assert.Null(ExternalCalendarUrl.Problem(url, allowInsecure: false));

    [Theory]
    [InlineData("", "is required")]
    [InlineData("http://calendar.example/cal.ics", "must be an https URL")]
    [InlineData("webcal://calendar.example/cal.ics", "must be an https URL (write https:// for webcal://)")]
    [InlineData("/relative.ics", "must be an https URL")]
    [InlineData("relative.ics", "must be an absolute URL")]
    [InlineData("https://me:pw@calendar.example/cal.ics", "must not contain a user name or password")]
    [InlineData("https://127.0.0.2/cal.ics", "must not be a loopback or private network address")]
    [InlineData("https://[::ffff:10.0.0.1]/cal.ics", "must not be a loopback or private network address")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/cal.ics", "must not be a loopback or private network address")]
    [InlineData("https://LOCALHOST./cal.ics", "must name a public host, not a loopback or private network one")]
    [InlineData("https://printer.local/cal.ics", "must name a public host, not a loopback or private network one")]
    public void Other_addresses_are_refused_with_a_reason(string url, string reason) =>
        Assert.Equal(reason, ExternalCalendarUrl.Problem(url, allowInsecure: false));

    [Fact]
    public void Longer_than_2000_characters_is_refused() =>
        Assert.Equal("must be at most 2000 characters", ExternalCalendarUrl.Problem("https://calendar.example/" + new string('a', 1976), false));

    [Fact]
    public void The_development_setting_allows_http_and_local_hosts_but_never_credentials()
    {
        Assert.Null(ExternalCalendarUrl.Problem("http://127.0.0.1:5000/cal.ics", allowInsecure: true));
        Assert.Null(ExternalCalendarUrl.Problem("https://localhost/cal.ics", allowInsecure: true));
        Assert.NotNull(ExternalCalendarUrl.Problem("http://u:p@127.0.0.1/cal.ics", allowInsecure: true));
        Assert.NotNull(ExternalCalendarUrl.Problem("ftp://127.0.0.1/cal.ics", allowInsecure: true));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.20.30.40", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:192.168.0.1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    [InlineData("2001:db8::1", false)]
    public void Only_public_addresses_may_be_connected_to(string address, bool expected) =>
        Assert.Equal(expected, ExternalCalendarUrl.IsPublic(IPAddress.Parse(address)));
}
