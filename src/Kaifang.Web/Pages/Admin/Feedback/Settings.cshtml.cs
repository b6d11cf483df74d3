using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Feedback;

/// Who gets each agency's new comments, the government office calendar, the national platform's
/// comments, and the e-mail outbox.
public sealed class SettingsModel(AgencyDirectory agencies, KaifangDbContext db, HandleComments handle, FeedbackPeople people,
    OfficeCalendars calendars, ImportNationalComments importComments, IOptions<FeedbackOptions> options, IOptions<MailOptions> mail) : StaffPageModel(agencies)
{
    public List<(AgencyNode Agency, Guid? Handler, IReadOnlyList<StaffUser> Candidates)> Routes { get; private set; } = [];
    public IReadOnlyList<CalendarYear> Years { get; private set; } = [];
    public IReadOnlyList<OutboxMessage> Outbox { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public CommentImportResult? Imported { get; private set; }
    public FeedbackOptions Feedback => options.Value;
    public bool MailEnabled => mail.Value.Enabled;

    public bool CanManageSystem => StaffScope.Allows(Staff.Role, StaffAction.ManageSystem);
    public bool CanImportComments => Tree.Roots.Count > 0 && Staff.Can(StaffAction.ModerateFeedback, Tree.Roots[0].Id);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRouteAsync(string agency, Guid? handler, CancellationToken ct)
    {
        var result = await handle.SetRouteAsync(Staff, agency, handler, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = T("已更新預設承辦人。", "Default handler updated.");
        return Redirect("/admin/feedback/settings");
    }

    public async Task<IActionResult> OnPostCalendarAsync(IFormFile? file, CancellationToken ct)
    {
        if (!CanManageSystem)
        {
            return Forbid();
        }
        if (file is null || file.Length == 0)
        {
            Errors = new ValidationErrors();
            Errors.Add("file", "請選擇行政院人事行政總處的辦公日曆表 CSV 檔。", "Choose the DGPA office calendar CSV file.");
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await calendars.ImportAsync(stream, Staff.UserName, ct);
            if (result.Succeeded)
            {
                TempData["Message"] = T($"已匯入 {string.Join("、", result.Value!.Select(y => y.Year))} 年辦公日曆。", $"Office calendar imported for {string.Join(", ", result.Value!.Select(y => y.Year))}.");
                return Redirect("/admin/feedback/settings");
            }
            Errors = result.Errors;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCommentsAsync(IFormFile? file, CancellationToken ct)
    {
        if (!CanImportComments)
        {
            return Forbid();
        }
        Errors = new ValidationErrors();
        if (file is null || file.Length == 0)
        {
            Errors.Add("comments", "請選擇政府資料開放平臺匯出的意見檔（CSV 或 JSON）。", "Choose the comments file exported from the national platform (CSV or JSON).");
        }
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                Imported = file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? await importComments.ImportJsonAsync(stream, ct)
                    : await importComments.ImportCsvAsync(stream, ct);
            }
            catch (InvalidDataException e)
            {
                Errors.Add("comments", e.Message, e.Message);
            }
        }
        if (!Errors.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var routes = await db.FeedbackRoutes.AsNoTracking().ToDictionaryAsync(r => r.AgencyId, r => r.HandlerId, ct);
        Routes = [];
        foreach (var (node, _) in Tree.Flatten().Where(x => Staff.Can(StaffAction.ModerateFeedback, x.Node.Id)))
        {
            Routes.Add((node, routes.TryGetValue(node.Id, out var h) ? h : null, await people.WhoMayAsync(StaffAction.HandleFeedback, node.Id, ct)));
        }
        Years = await calendars.YearsAsync(ct);
        Outbox = CanManageSystem ? await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(50).ToListAsync(ct) : [];
    }
}
