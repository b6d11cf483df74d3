using Kaifang.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Cli;

public sealed class UserCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task Add_creates_the_account_and_prints_the_generated_password_once()
    {
        var (exit, output) = await _cli.RunAsync("users", "add", "--user", "bli-chen", "--name", "勞保局陳承辦", "--role", "data-officer", "--agency", "bli");

        Assert.Equal(0, exit);
        var password = output.Split("Password (shown once): ")[1].Trim().Split('\n')[0].Trim();
        await using var db = _cli.OpenDb();
        var user = await db.Users.SingleAsync(u => u.UserName == "bli-chen");
        Assert.Equal(StaffRole.DataOfficer, user.Role);
        Assert.Equal("勞保局陳承辦", user.DisplayName);
        Assert.Equal((await db.Agencies.SingleAsync(a => a.Code == "BLI")).Id, user.AgencyId);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StaffUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
    }

    [Fact]
    public async Task Add_with_a_given_password_prints_no_password()
    {
        var (exit, output) = await _cli.RunAsync("users", "add", "--user", "wda-lin", "--name", "林", "--role", "agency-admin", "--agency", "WDA", "--password", "Another-Passw0rd");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Password (shown once)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Another-Passw0rd", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_with_an_unknown_agency_fails_and_names_the_known_codes()
    {
        var (exit, output) = await _cli.RunAsync("users", "add", "--user", "x", "--name", "X", "--role", "reviewer", "--agency", "NOPE");

        Assert.Equal(1, exit);
        Assert.Contains("NOPE", output, StringComparison.Ordinal);
        Assert.Contains("OSHA", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_with_an_unknown_role_is_a_usage_error()
    {
        var (exit, _) = await _cli.RunAsync("users", "add", "--user", "x", "--name", "X", "--role", "king", "--agency", "MOL");
        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task List_shows_the_seeded_and_added_accounts()
    {
        await _cli.RunAsync("users", "add", "--user", "osha-wang", "--name", "王", "--role", "data-officer", "--agency", "OSHA");

        var (exit, output) = await _cli.RunAsync("users", "list");

        Assert.Equal(0, exit);
        Assert.Contains("admin", output, StringComparison.Ordinal);
        Assert.Contains("bli-officer", output, StringComparison.Ordinal);
        Assert.Contains("osha-wang", output, StringComparison.Ordinal);
        Assert.Contains("15 accounts.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_password_sets_a_new_generated_password_and_lifts_the_lockout()
    {
        await _cli.RunAsync("users", "list");
        await using (var db = _cli.OpenDb())
        {
            var locked = await db.Users.SingleAsync(u => u.UserName == "mol-admin");
            locked.LockoutEnd = DateTimeOffset.UtcNow.AddHours(1);
            locked.AccessFailedCount = 5;
            await db.SaveChangesAsync();
        }

        var (exit, output) = await _cli.RunAsync("users", "reset-password", "--user", "mol-admin");

        Assert.Equal(0, exit);
        var password = output.Split("Password (shown once): ")[1].Trim().Split('\n')[0].Trim();
        await using var check = _cli.OpenDb();
        var user = await check.Users.SingleAsync(u => u.UserName == "mol-admin");
        Assert.NotEqual(CliRun.StaffPassword, password);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StaffUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
        Assert.Null(user.LockoutEnd);
        Assert.Equal(0, user.AccessFailedCount);
    }

    [Fact]
    public async Task Reset_password_of_an_unknown_user_fails()
    {
        var (exit, output) = await _cli.RunAsync("users", "reset-password", "--user", "nobody");
        Assert.Equal(1, exit);
        Assert.Contains("nobody", output, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
