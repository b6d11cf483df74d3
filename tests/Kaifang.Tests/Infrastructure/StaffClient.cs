using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Infrastructure;

public static partial class StaffClient
{
    /// A client signed in through the real sign-in page, with the antiforgery token it needs for posts.
    public static async Task<HttpClient> SignedInAsync(this KaifangAppFactory factory, string userName)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken(form);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = KaifangAppFactory.StaffPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {userName} failed with {response.StatusCode}");
        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        var m = TokenPattern().Match(html);
        Assert.True(m.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
