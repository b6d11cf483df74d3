using System.CommandLine;
using Kaifang.Accounts;
using Kaifang.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Users;

/// `kaifang users add|list|reset-password`: staff accounts, for the first administrator and for when the web UI is out of reach.
public static class UserCommands
{
    /// Role names as typed on the command line.
    public static readonly IReadOnlyDictionary<string, StaffRole> Roles = new Dictionary<string, StaffRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["system-admin"] = StaffRole.SystemAdmin,
        ["agency-admin"] = StaffRole.AgencyAdmin,
        ["data-officer"] = StaffRole.DataOfficer,
        ["reviewer"] = StaffRole.Reviewer,
    };

    public static Command Build(CliContext context, Option<string?> data)
    {
        var user = new Option<string>("--user") { Description = "User name (sign-in name)", Required = true };
        var name = new Option<string>("--name") { Description = "Display name, e.g. 勞保局承辦人", Required = true };
        var role = new Option<string>("--role") { Description = "system-admin, agency-admin, data-officer or reviewer", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.Keys]);
        var agency = new Option<string>("--agency") { Description = "Agency code, e.g. MOL or BLI", Required = true };
        var password = new Option<string?>("--password") { Description = "Password; omitted, a random one is generated and printed once" };
        var email = new Option<string?>("--email") { Description = "E-mail address" };

        var add = new Command("add", "Create a staff account") { user, name, role, agency, password, email };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            return await AddAsync(context.Console, scope.ServiceProvider, parse.GetRequiredValue(user), parse.GetRequiredValue(name),
                Roles[parse.GetRequiredValue(role)], parse.GetRequiredValue(agency), parse.GetValue(password), parse.GetValue(email), cancellationToken);
        });

        var list = new Command("list", "List staff accounts");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            await ListAsync(context.Console, scope.ServiceProvider.GetRequiredService<KaifangDbContext>(), cancellationToken);
            return 0;
        });

        var resetUser = new Option<string>("--user") { Description = "User name", Required = true };
        var resetPassword = new Option<string?>("--password") { Description = "New password; omitted, a random one is generated and printed once" };
        var reset = new Command("reset-password", "Set a new password and lift any lock-out") { resetUser, resetPassword };
        reset.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            return await ResetPasswordAsync(context.Console, scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>(),
                parse.GetRequiredValue(resetUser), parse.GetValue(resetPassword));
        });

        return new Command("users", "Staff accounts") { add, list, reset };
    }

    private static async Task<int> AddAsync(IAnsiConsole console, IServiceProvider services, string userName, string displayName, StaffRole role, string agencyCode, string? password, string? email, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<KaifangDbContext>();
        // Codes are stored upper-case (MOL, BLI); people type them either way.
        var code = agencyCode.ToUpperInvariant();
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        if (agency is null)
        {
            var codes = await db.Agencies.Select(a => a.Code).OrderBy(c => c).ToListAsync(cancellationToken);
            console.MarkupLineInterpolated($"[red]No agency with the code {agencyCode}. Known codes: {string.Join(", ", codes)}[/]");
            return 1;
        }
        var result = await services.GetRequiredService<StaffAccounts>().CreateAsync(userName, displayName, role, agency.Id, email, password);
        if (!result.Succeeded)
        {
            console.MarkupLineInterpolated($"[red]Could not create {userName}: {string.Join(" ", result.Errors)}[/]");
            return 1;
        }
        console.MarkupLineInterpolated($"Created {userName} ({StaffRoles.Display(role, english: true)}, {agency.Code}).");
        PrintGenerated(console, result.GeneratedPassword);
        return 0;
    }

    private static async Task ListAsync(IAnsiConsole console, KaifangDbContext db, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking()
            .Join(db.Agencies, u => u.AgencyId, a => a.Id, (u, a) => new { u.UserName, u.DisplayName, u.Role, a.Code, u.Email, u.LockoutEnd })
            .OrderBy(u => u.UserName)
            .ToListAsync(cancellationToken);
        var table = new Table().AddColumns("User", "Name", "Role", "Agency", "E-mail", "Locked until");
        foreach (var u in users)
        {
            table.AddRow(Markup.Escape(u.UserName ?? ""), Markup.Escape(u.DisplayName), StaffRoles.Display(u.Role, english: true), u.Code,
                Markup.Escape(u.Email ?? ""), u.LockoutEnd?.ToString("u") ?? "");
        }
        console.Write(table);
        console.MarkupLineInterpolated($"{users.Count} accounts.");
    }

    private static async Task<int> ResetPasswordAsync(IAnsiConsole console, UserManager<StaffUser> users, string userName, string? password)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            console.MarkupLineInterpolated($"[red]No user {userName}.[/]");
            return 1;
        }
        var generated = password is null;
        password ??= StaffAccounts.GeneratePassword();
        // Remove then add, rather than a reset token: the command line has no token providers and needs none.
        var removed = await users.RemovePasswordAsync(user);
        var outcome = removed.Succeeded ? await users.AddPasswordAsync(user, password) : removed;
        if (!outcome.Succeeded)
        {
            console.MarkupLineInterpolated($"[red]Could not set the password: {string.Join(" ", outcome.Errors.Select(e => e.Description))}[/]");
            return 1;
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        console.MarkupLineInterpolated($"New password set for {userName}.");
        PrintGenerated(console, generated ? password : null);
        return 0;
    }

    private static void PrintGenerated(IAnsiConsole console, string? password)
    {
        if (password is not null)
        {
            console.MarkupLineInterpolated($"Password (shown once): [bold]{password}[/]");
        }
    }
}
