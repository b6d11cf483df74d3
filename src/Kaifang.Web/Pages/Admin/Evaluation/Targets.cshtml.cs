using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Evaluation;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Evaluation;

/// The targets of one year, a row per agency: edited in place by the ministry's administrators, imported
/// from and exported to a spreadsheet with any number of years.
public sealed class TargetsModel(AgencyDirectory agencies, EvaluationTargets targets, TimeProvider time) : StaffPageModel(agencies)
{
    public int Year { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<TargetRow> Rows { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    [BindProperty]
    public List<TargetForm> Input { get; set; } = [];

    public bool CanEdit => Staff.Can(StaffAction.ManageTargets, Tree.Roots[0].Id);

    public async Task OnGetAsync(int? year, CancellationToken ct) => await LoadAsync(year, ct);

    public async Task<IActionResult> OnPostAsync(int year, CancellationToken ct)
    {
        var rows = Input.Select(f => f.ToRow(year)).ToList();
        var result = await targets.SaveAsync(Staff, rows, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            await LoadAsync(year, ct);
            // Keep what was typed, so nothing is lost while the problems are fixed.
            Rows = rows.Select(r => r with { AgencyName = Tree.FindByCode(r.Agency)?.Name ?? r.Agency, AgencyNameEn = Tree.FindByCode(r.Agency)?.NameEn ?? r.Agency }).ToList();
            return Page();
        }
        TempData["Message"] = T($"已儲存 {year} 年的目標。", $"The {year} targets are saved.");
        return Redirect($"/admin/evaluation/targets?year={year}");
    }

    public async Task<IActionResult> OnPostImportAsync(int year, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors = new ValidationErrors();
            Errors.Add("file", "請選擇要匯入的檔案。", "Choose the file to import.");
            await LoadAsync(year, ct);
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var result = await targets.ImportAsync(Staff, () => new MemoryStream(bytes, writable: false), file.FileName, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            await LoadAsync(year, ct);
            return Page();
        }
        TempData["Message"] = T($"已匯入 {result.Value} 列目標。", $"{result.Value} rows of targets imported.");
        return Redirect($"/admin/evaluation/targets?year={year}");
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2200 ? year.Value : Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year;
        Years = await targets.YearsAsync(ct);
        Rows = await targets.ForYearAsync(Year, ct);
    }
}

/// One agency's row of the targets form, as typed.
public sealed class TargetForm
{
    public string Agency { get; set; } = "";
    public string? Meetings { get; set; }
    public string? Growth { get; set; }
    public string? Accuracy { get; set; }
    public string? ThreeStar { get; set; }
    public string? Replies { get; set; }
    public string? OpenDatasets { get; set; }

    public TargetRow ToRow(int year) => new(Agency, year, Int(Meetings), Int(Growth), Dec(Accuracy), Dec(ThreeStar), Dec(Replies), Int(OpenDatasets));

    // A value that is not a number is kept as an impossible one, so that the check names the field.
    private static int? Int(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;

    private static decimal? Dec(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : decimal.TryParse(text.Trim().TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1m;
}
