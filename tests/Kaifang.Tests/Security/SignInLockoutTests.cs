using System.Net;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Security;

/// Guessing passwords: after five wrong ones the account is locked for 15 minutes, the right password included.
public sealed class SignInLockoutTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    private async Task<(HttpStatusCode Status, string Body)> SignInAsync(string userName, string password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = StaffClient.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await SignInAsync("osha-officer", $"wrong-password-{i}");
            Assert.NotEqual(HttpStatusCode.Redirect, status);
            Assert.Contains(i < 4 ? "帳號或密碼不正確" : "帳號已暫時鎖定", body, StringComparison.Ordinal);
        }
        var (locked, message) = await SignInAsync("osha-officer", KaifangAppFactory.StaffPassword);
        Assert.NotEqual(HttpStatusCode.Redirect, locked);
        Assert.Contains("帳號已暫時鎖定", message, StringComparison.Ordinal);
        // Another account is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("bli-officer", KaifangAppFactory.StaffPassword)).Status);
    }
}
