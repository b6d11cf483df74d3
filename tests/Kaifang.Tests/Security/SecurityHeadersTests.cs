using Kaifang.Tests.Infrastructure;
using Kaifang.Web.Security;

namespace Kaifang.Tests.Security;

/// The headers that keep the browser on Kaifang's side (docs/security.md), on pages, APIs, files and errors alike.
public sealed class SecurityHeadersTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/datasets?q=勞保")]
    [InlineData("/account/login")]
    [InlineData("/admin")]
    [InlineData("/api/v1/datasets")]
    [InlineData("/api/3/action/package_search?q=勞保")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_content_policy_and_the_other_protections(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);
        var headers = response.Headers;
        Assert.Equal(SecurityHeaders.Policy, Assert.Single(headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self';", SecurityHeaders.Policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.Policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.Policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Only_the_api_reference_may_run_its_inline_start_up_script()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/docs/");
        Assert.Equal(SecurityHeaders.ApiReferencePolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ApiReferencePolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/login");
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = StaffClient.AntiforgeryToken(await form.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "bli-officer",
                ["Password"] = KaifangAppFactory.StaffPassword,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signIn = await client.SendAsync(request);
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kaifang.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }
}
