using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin;

public sealed class TokensModel(AgencyDirectory agencies, KaifangDbContext db, ApiTokens tokens, TimeProvider time) : StaffPageModel(agencies)
{
    public List<ApiToken> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, int? days, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 || days is < 1 or > 3650)
        {
            Error = T("請填寫權杖名稱（最多 100 字），有效天數介於 1 到 3650。", "Give the token a name (at most 100 characters) and a validity of 1 to 3650 days.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var (_, secret) = await tokens.CreateAsync(Staff.UserId, name.Trim(), days is int d ? time.GetUtcNow().AddDays(d) : null, ct);
            NewSecret = secret;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        await tokens.RevokeAsync(Staff.UserId, id, ct);
        return Redirect("/admin/tokens");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == Staff.UserId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
}
