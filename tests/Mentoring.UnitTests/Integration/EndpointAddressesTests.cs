using System.Net;
using Mentoring.Integration.Webhooks;

namespace Mentoring.UnitTests.Integration;

/// <summary>Which addresses and URLs webhooks may reach (docs/integration.md, "Webhooks").</summary>
public class EndpointAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    public void Non_public_addresses_are_refused(string address) =>
        Assert.False(EndpointAddresses.IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")] // just below CGNAT
    [InlineData("100.128.0.0")]    // just above
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("169.253.1.1")]
    [InlineData("11.0.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(EndpointAddresses.IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://localhost/")]
    [InlineData("https://LOCALHOST./")]
    [InlineData("https://api.localhost/")]
    [InlineData("https://2130706433/")] // 127.0.0.1 as one number
    [InlineData("https://0x7f.1/")]
    public void Urls_naming_this_machine_or_a_private_address_are_refused(string url) =>
        Assert.NotNull(EndpointAddresses.HostProblem(new Uri(url)));

    [Theory]
    [InlineData("https://partner.example/hooks")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2001:4860:4860::8888]/")]
    [InlineData("https://localhost.example.org/")]
    public void Public_hosts_and_names_pass_registration(string url) =>
        Assert.Null(EndpointAddresses.HostProblem(new Uri(url)));
}
