using System.Net;
using Kaifang.Quality;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Quality;

public sealed class NetworkAddressPolicyTests
{
    private static readonly NetworkAddressPolicy Strict = NetworkAddressPolicy.From([]);

    [Theory]
    [InlineData("10.0.0.1", "private (10.0.0.0/8)")]
    [InlineData("172.16.0.1", "private (172.16.0.0/12)")]
    [InlineData("172.31.255.255", "private (172.16.0.0/12)")]
    [InlineData("192.168.1.1", "private (192.168.0.0/16)")]
    [InlineData("100.64.0.1", "shared carrier-grade NAT (100.64.0.0/10)")]
    [InlineData("127.0.0.1", "loopback (127.0.0.0/8)")]
    [InlineData("127.1.2.3", "loopback (127.0.0.0/8)")]
    [InlineData("169.254.169.254", "link-local (169.254.0.0/16)")]
    [InlineData("0.0.0.0", "unspecified (0.0.0.0/8)")]
    [InlineData("224.0.0.1", "multicast (224.0.0.0/4)")]
    [InlineData("255.255.255.255", "reserved (240.0.0.0/4)")]
    [InlineData("::1", "loopback (::1)")]
    [InlineData("::", "unspecified (::)")]
    [InlineData("fe80::1", "link-local (fe80::/10)")]
    [InlineData("fd12:3456::1", "unique-local (fc00::/7)")]
    [InlineData("ff02::1", "multicast (ff00::/8)")]
    [InlineData("::ffff:127.0.0.1", "loopback (127.0.0.0/8)")]
    [InlineData("::ffff:169.254.169.254", "link-local (169.254.0.0/16)")]
    [InlineData("::ffff:10.1.2.3", "private (10.0.0.0/8)")]
    [InlineData("::10.1.2.3", "private (10.0.0.0/8)")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local (169.254.0.0/16)")]
    public void Internal_addresses_are_named_by_their_range(string address, string range)
    {
        Assert.Equal(range, NetworkAddressPolicy.ReservedRangeOf(IPAddress.Parse(address)));
        Assert.Contains(range, Strict.RefusalOf(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("203.65.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_reached(string address)
    {
        Assert.Null(NetworkAddressPolicy.ReservedRangeOf(IPAddress.Parse(address)));
        Assert.Null(Strict.RefusalOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void An_allowed_network_is_reached_and_nothing_beside_it()
    {
        var policy = NetworkAddressPolicy.From(["127.0.0.0/8", " 10.20.0.0/16 "]);
        Assert.Null(policy.RefusalOf(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.RefusalOf(IPAddress.Parse("127.0.3.200")));
        Assert.Null(policy.RefusalOf(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Null(policy.RefusalOf(IPAddress.Parse("10.20.5.6")));
        Assert.NotNull(policy.RefusalOf(IPAddress.Parse("10.21.0.1")));
        Assert.NotNull(policy.RefusalOf(IPAddress.Parse("169.254.169.254")));
        Assert.NotNull(policy.RefusalOf(IPAddress.Parse("::1")));
    }

    [Fact]
    public void An_allowed_ipv6_network_is_reached()
    {
        var policy = NetworkAddressPolicy.From(["fd00:1::/32"]);
        Assert.Null(policy.RefusalOf(IPAddress.Parse("fd00:1::5")));
        Assert.NotNull(policy.RefusalOf(IPAddress.Parse("fd00:2::5")));
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/33")]
    [InlineData("intranet")]
    public void A_network_that_is_not_cidr_is_refused_at_start_with_the_setting_named(string text)
    {
        var e = Assert.Throws<InvalidOperationException>(() => NetworkAddressPolicy.From([text]));
        Assert.Contains("Kaifang:Quality:AllowedNetworks", e.Message);
    }
}

public sealed class QualityOptionsTests
{
    [Fact]
    public void Settings_out_of_range_are_each_named()
    {
        var problems = new QualityOptions { PerHostConcurrency = 0, TimeoutSeconds = 0, HistoryPerResource = 0 }.Problems().ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Kaifang:Quality:PerHostConcurrency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Kaifang:Quality:TimeoutSeconds", StringComparison.Ordinal));
        Assert.Empty(new QualityOptions().Problems());
    }

    [Fact]
    public void The_checker_will_not_start_with_settings_out_of_range()
    {
        using var services = LinkCheckerTests.Checker(new() { ["Kaifang:Quality:TimeoutSeconds"] = "0" });
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<LinkChecker>());
        Assert.Contains("Kaifang:Quality:TimeoutSeconds is at least 1", e.Message);
    }
}
