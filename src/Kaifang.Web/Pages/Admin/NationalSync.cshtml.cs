using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.NationalSync;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin;

/// Publishing to the national platform: per agency what is in sync, pending and failed and why, with
/// "sync now" and "retry"; the ministry's administrators set each agency's endpoint and API key here.
public sealed class NationalSyncModel(AgencyDirectory agencies, NationalSyncStatusReport report, NationalSyncSettings settings, NationalSyncRunner runner,
    IHostApplicationLifetime lifetime) : StaffPageModel(agencies)
{
    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    [BindProperty]
    public NationalSyncConfigInput Input { get; set; } = new();

    public List<NationalSyncAgencySummary> Overview { get; private set; } = [];
    public NationalSyncAgencySummary? Selected { get; private set; }
    public List<NationalSyncRecord> Records { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    public bool CanConfigure => NationalSyncAccess.CanConfigure(Staff, Tree);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostConfigureAsync(CancellationToken ct)
    {
        var result = await settings.UpdateAsync(Staff, Agency ?? "", Input, ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.NotFound:
                return NotFound();
            case CatalogOutcome.Forbidden:
                return Forbid();
            case CatalogOutcome.Invalid:
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await LoadAsync(ct) ?? Page();
        }
        TempData["Message"] = T($"已儲存 {result.Value!.AgencyName} 的國家平臺設定。", $"The national platform settings of {result.Value!.AgencyName} are saved.");
        return Redirect($"/admin/national-sync?agency={result.Value.Agency}");
    }

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken ct)
    {
        var node = report.Reach(Staff, Agency ?? "", out var refused);
        if (node is null)
        {
            return refused == CatalogOutcome.NotFound ? NotFound() : Forbid();
        }
        var outcome = (await runner.RunAsync(node.Code, ignoreBackoff: true, lifetime.ApplicationStopping))[0];
        TempData["Message"] = outcome.Skipped is { } why
            ? T($"未同步：{SkippedText(why)}", $"Nothing was sent: {why}.")
            : T($"同步完成：新增 {outcome.Created}、更新 {outcome.Updated}、刪除 {outcome.Removed}；稍後重試 {outcome.Retrying}、失敗 {outcome.Failed}。",
                $"Sync done: {outcome.Created} created, {outcome.Updated} updated, {outcome.Removed} removed; {outcome.Retrying} to retry later, {outcome.Failed} failed.");
        return Redirect($"/admin/national-sync?agency={node.Code}");
    }

    public async Task<IActionResult> OnPostRetryAsync(string? identifier, CancellationToken ct)
    {
        var result = await report.RetryAsync(Staff, Agency ?? "", identifier, ct);
        if (!result.Succeeded)
        {
            return result.Outcome == CatalogOutcome.NotFound ? NotFound() : Forbid();
        }
        TempData["Message"] = T($"已將 {result.Value} 筆失敗項目重新排入佇列；按「立即同步」或等待下次排程送出。",
            $"{result.Value} failed item(s) queued again; press Sync now or wait for the next scheduled run.");
        return Redirect($"/admin/national-sync?agency={Agency}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Overview = await report.OverviewAsync(Staff, ct);
        if (Overview.Count == 0)
        {
            return Forbid();
        }
        if (string.IsNullOrEmpty(Agency))
        {
            return null;
        }
        var records = await report.RecordsAsync(Staff, Agency, null, ct);
        if (!records.Succeeded)
        {
            return records.Outcome == CatalogOutcome.NotFound ? NotFound() : Forbid();
        }
        Records = records.Value!;
        Selected = Overview.First(s => string.Equals(s.Config.Agency, Agency, StringComparison.OrdinalIgnoreCase));
        if (Errors is null)
        {
            Input = new NationalSyncConfigInput { BaseUrl = Selected.Config.BaseUrl, Enabled = Selected.Config.Enabled };
        }
        return null;
    }

    public static string StatusText(NationalSyncStatus status) => status switch
    {
        NationalSyncStatus.Pending => T("待送出", "pending"),
        NationalSyncStatus.InSync => T("已同步", "in sync"),
        NationalSyncStatus.Failed => T("失敗", "failed"),
        _ => T("已自國家平臺移除", "removed from the platform"),
    };

    public static string OperationText(NationalSyncOperation operation) => operation switch
    {
        NationalSyncOperation.Create => T("新增", "create"),
        NationalSyncOperation.Update => T("更新", "update"),
        _ => T("刪除", "delete"),
    };

    public static string SourceText(string source) => source switch
    {
        "saved" => T("後台設定", "set in the back office"),
        "settings" => T("系統設定檔", "from the settings file"),
        _ => T("未設定", "not configured"),
    };

    private static string SkippedText(string why) => why.StartsWith("publishing is turned off", StringComparison.Ordinal) ? "此機關未啟用同步。"
        : why.StartsWith("no usable API key", StringComparison.Ordinal) ? "無可用的 API 金鑰，請重新輸入。"
        : "此機關尚未設定國家平臺網址與 API 金鑰。";
}
