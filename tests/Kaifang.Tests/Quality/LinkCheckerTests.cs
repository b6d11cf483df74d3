using System.Security.Cryptography;
using System.Text;
using Kaifang.Quality;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Quality;

/// The checker against a real server: what it records for each way a link works or fails.
/// 127.0.0.0/8 is allowed here, as in every test; nothing else internal is.
public sealed class LinkCheckerTests : IAsyncLifetime
{
    private LinkTestServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await LinkTestServer.StartAsync();
        _services = Checker(new Dictionary<string, string?>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    public static ServiceProvider Checker(Dictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Kaifang:Quality:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Kaifang:Quality:TimeoutSeconds"] = "1",
            ["Kaifang:Quality:RetryBackoffMilliseconds"] = "10",
            ["Kaifang:Quality:PolitenessDelayMilliseconds"] = "0",
            ["Kaifang:Quality:MaxRedirects"] = "3",
            ["Kaifang:Quality:Retries"] = "2",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddSingleton(TimeProvider.System).AddQuality(configuration).BuildServiceProvider();
    }

    private Task<LinkProbe> CheckAsync(string path, string format = "CSV") =>
        _services.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), _server.Url(path), format), CancellationToken.None);

    [Fact]
    public async Task A_good_file_is_ok_with_its_type_size_and_the_hash_of_its_bytes()
    {
        var probe = await CheckAsync("/good.csv");
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Null(probe.Failure);
        Assert.Equal(200, probe.HttpStatus);
        Assert.Equal("text/csv", probe.ContentType);
        var bytes = Encoding.UTF8.GetBytes(LinkTestServer.Csv);
        Assert.Equal(bytes.Length, probe.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), probe.ContentHash);
        Assert.Null(probe.Warning);
        Assert.Null(probe.RedirectChain);
    }

    [Fact]
    public async Task Only_the_configured_number_of_bytes_is_read_and_hashed()
    {
        var probe = await CheckAsync("/big.csv");
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Equal(64 * 1024, probe.HashedBytes);
        Assert.Equal(1024 * 1024, probe.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[64 * 1024])), probe.ContentHash);
    }

    [Fact]
    public async Task Redirects_are_followed_and_every_hop_is_recorded()
    {
        var probe = await CheckAsync("/moved");
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Equal($"301 {_server.Url("/moved")}\n302 {_server.Url("/moved-again")}", probe.RedirectChain);
        Assert.Equal(_server.Url("/moved"), probe.Url);
    }

    [Fact]
    public async Task A_redirect_loop_fails_once_past_the_limit()
    {
        var probe = await CheckAsync("/loop/1");
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(LinkFailure.TooManyRedirects, probe.Failure);
        Assert.Contains("More than 3 redirects", probe.Error);
        Assert.Equal(4, probe.RedirectChain!.Split('\n').Length);
        // No retry for a loop: it would only loop again.
        Assert.Equal(4, probe.Requests);
    }

    [Fact]
    public async Task Not_found_fails_with_the_status_and_is_not_retried()
    {
        var probe = await CheckAsync("/gone.csv");
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(LinkFailure.HttpError, probe.Failure);
        Assert.Equal(404, probe.HttpStatus);
        Assert.Equal(1, probe.Requests);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_fails_when_it_stays()
    {
        var probe = await CheckAsync("/down.csv");
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(500, probe.HttpStatus);
        Assert.Equal(3, probe.Requests);
        Assert.Equal(3, _server.Hits("/down.csv"));
    }

    [Fact]
    public async Task A_server_error_that_passes_is_retried_into_success()
    {
        var probe = await CheckAsync("/recovers.csv");
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Equal(200, probe.HttpStatus);
        Assert.NotNull(probe.ContentHash);
    }

    [Fact]
    public async Task A_slow_answer_fails_as_a_timeout_after_the_retries()
    {
        var probe = await CheckAsync("/slow.csv");
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(LinkFailure.Timeout, probe.Failure);
        Assert.Contains("did not answer within 1 seconds", probe.Error);
        Assert.Equal(3, probe.Requests);
    }

    [Fact]
    public async Task Get_is_used_where_head_is_refused()
    {
        using var headOnly = Checker(new() { ["Kaifang:Quality:HashBytes"] = "0" });
        var probe = await headOnly.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), _server.Url("/no-head.csv"), "CSV"), CancellationToken.None);
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Equal(2, probe.Requests);
        // With HashBytes 0 a working HEAD is the whole check.
        var good = await headOnly.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), _server.Url("/good.csv"), "CSV"), CancellationToken.None);
        Assert.Equal(1, good.Requests);
        Assert.Null(good.ContentHash);
    }

    [Fact]
    public async Task A_content_type_that_does_not_fit_the_format_is_a_warning_not_a_failure()
    {
        var probe = await CheckAsync("/wrong-type.csv");
        Assert.Equal(LinkStatus.Ok, probe.Status);
        Assert.Equal("application/pdf", probe.ContentType);
        Assert.Contains("does not fit the format CSV", probe.Warning);
    }

    [Theory]
    [InlineData("/page.csv")]
    [InlineData("/portal.csv")]
    public async Task Html_served_where_a_csv_is_promised_fails(string path)
    {
        var probe = await CheckAsync(path);
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(LinkFailure.HtmlInsteadOfData, probe.Failure);
        Assert.Equal(200, probe.HttpStatus);
    }

    [Fact]
    public async Task Html_is_fine_for_a_resource_that_is_a_web_page()
    {
        var probe = await CheckAsync("/portal.csv", "HTML");
        Assert.Equal(LinkStatus.Ok, probe.Status);
    }

    [Theory]
    [InlineData("/to-metadata", "169.254.169.254", "link-local")]
    [InlineData("/to-intranet", "10.20.30.40", "private (10.0.0.0/8)")]
    public async Task A_redirect_into_an_internal_network_is_refused_with_the_reason(string path, string address, string range)
    {
        var probe = await CheckAsync(path);
        Assert.Equal(LinkStatus.Refused, probe.Status);
        Assert.Equal(LinkFailure.NetworkRefused, probe.Failure);
        Assert.Contains(address, probe.Error);
        Assert.Contains(range, probe.Error);
        Assert.StartsWith("302 ", probe.RedirectChain);
        // Refused is final: asking again would be refused again.
        Assert.Equal(2, probe.Requests);
    }

    [Fact]
    public async Task Loopback_is_refused_too_when_no_network_is_allowed()
    {
        using var strict = Checker(new() { ["Kaifang:Quality:AllowedNetworks:0"] = "" });
        var probe = await strict.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), _server.Url("/good.csv"), "CSV"), CancellationToken.None);
        Assert.Equal(LinkStatus.Refused, probe.Status);
        Assert.Contains("loopback (127.0.0.0/8)", probe.Error);
        Assert.Equal(0, _server.Hits("/good.csv"));
    }

    [Fact]
    public async Task A_closed_port_fails_as_a_connection_failure()
    {
        var probe = await _services.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), "http://127.0.0.1:9/data.csv", "CSV"), CancellationToken.None);
        Assert.Equal(LinkStatus.Failed, probe.Status);
        Assert.Equal(LinkFailure.ConnectionFailed, probe.Failure);
    }

    [Fact]
    public async Task Not_an_http_address_fails_without_a_request()
    {
        var probe = await _services.GetRequiredService<LinkChecker>().CheckOneAsync(new LinkTarget(Guid.NewGuid(), "ftp://example.org/a.csv", "CSV"), CancellationToken.None);
        Assert.Equal(LinkFailure.InvalidUrl, probe.Failure);
    }

    [Fact]
    public async Task A_run_checks_every_link_and_hands_each_result_once()
    {
        var paths = new[] { "/good.csv", "/gone.csv", "/moved", "/wrong-type.csv", "/to-intranet" };
        var targets = Enumerable.Range(0, 40).Select(i => new LinkTarget(Guid.NewGuid(), _server.Url(paths[i % paths.Length]), "CSV")).ToList();
        var results = new System.Collections.Concurrent.ConcurrentDictionary<Guid, LinkProbe>();
        await _services.GetRequiredService<LinkChecker>().CheckAsync(targets, (t, p) =>
        {
            Assert.True(results.TryAdd(t.ResourceId, p));
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(40, results.Count);
        Assert.Equal(8, results.Values.Count(p => p.Status == LinkStatus.Refused));
        Assert.Equal(24, results.Values.Count(p => p.Status == LinkStatus.Ok));
    }
}
