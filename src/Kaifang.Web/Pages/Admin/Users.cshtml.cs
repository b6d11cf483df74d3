using System.Text.RegularExpressions;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin;

/// Agency administrators manage the staff of their agencies; the system administrator, everyone's.
public sealed partial class UsersModel(AgencyDirectory agencies, KaifangDbContext db, StaffAccounts accounts) : StaffPageModel(agencies)
{
    public List<StaffUser> Users { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public string? Created { get; private set; }
    public string? CreatedPassword { get; private set; }

    public IEnumerable<StaffRole> AssignableRoles => Enum.GetValues<StaffRole>().Where(r => r != StaffRole.SystemAdmin || Staff.Role == StaffRole.SystemAdmin);

    public IEnumerable<(AgencyNode Node, int Depth)> ManagedAgencies => Tree.Flatten().Where(x => Staff.Can(StaffAction.ManageStaff, x.Node.Id));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Staff.Can(StaffAction.ManageStaff, Staff.AgencyId))
        {
            return Forbid();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? userName, string? displayName, string? email, StaffRole role, string? agency, CancellationToken ct)
    {
        var target = agency is null ? null : Tree.FindByCode(agency);
        if (target is null || !Staff.Can(StaffAction.ManageStaff, target.Id) || !AssignableRoles.Contains(role))
        {
            return Forbid();
        }
        if (string.IsNullOrWhiteSpace(userName) || !UserNamePattern().IsMatch(userName.Trim()))
        {
            Errors.Add(T("帳號須為 3 到 64 個英數字、點、底線或連字號。", "The user name is 3 to 64 letters, digits, dots, underscores or hyphens."));
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            Errors.Add(T("請填寫姓名。", "Enter the person's name."));
        }
        if (Errors.Count == 0)
        {
            var result = await accounts.CreateAsync(userName!.Trim(), displayName!.Trim(), role, target.Id, string.IsNullOrWhiteSpace(email) ? null : email.Trim(), null);
            if (result.Succeeded)
            {
                Created = result.User!.UserName;
                CreatedPassword = result.GeneratedPassword;
            }
            else
            {
                Errors.AddRange(result.Errors);
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (Staff.Role != StaffRole.SystemAdmin)
        {
            var scope = Staff.Agencies.ToList();
            query = query.Where(u => scope.Contains(u.AgencyId));
        }
        Users = await query.OrderBy(u => u.AgencyId).ThenBy(u => u.UserName).ToListAsync(ct);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNamePattern();
}
