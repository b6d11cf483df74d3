using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Quality;

/// Broken and failing links per agency (docs/quality.md); staff see their own agencies' and check
/// them now, a system administrator every agency's.
public sealed class LinksModel(AgencyDirectory agencies, KaifangDbContext db, LinkCheckReport report, LinkCheckRunner runner, IHostApplicationLifetime lifetime)
    : StaffPageModel(agencies)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    /// failing (default: not working now, broken or not), broken, or all.
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public List<AgencyLinkCounts> Counts { get; private set; } = [];
    public List<LinkCheckRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool FullRunGoing => runner.IsFullRunGoing;

    public bool CanCheckAll => StaffScope.Allows(Staff.Role, StaffAction.ManageSystem);

    public bool CanCheck(int agencyId) => Staff.Can(StaffAction.EditDataset, agencyId);

    private IReadOnlySet<int>? Reach => Staff.Role == StaffRole.SystemAdmin ? null : Staff.Agencies;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        IReadOnlySet<int>? scope = Reach;
        if (!string.IsNullOrWhiteSpace(Agency))
        {
            var node = Tree.FindByCode(Agency.Trim());
            if (node is null || !Staff.Reaches(node.Id))
            {
                return NotFound();
            }
            scope = Tree.SelfAndDescendants(node.Id);
        }
        Counts = [.. (await report.CountByAgencyAsync(Reach, ct)).OrderBy(c => c.AgencyId)];
        var filter = Show switch
        {
            "broken" => new LinkCheckFilter(scope, Broken: true),
            "all" => new LinkCheckFilter(scope),
            _ => new LinkCheckFilter(scope, FailingOnly: true),
        };
        PageNumber = Math.Max(1, PageNumber);
        (Total, Rows) = await report.ListAsync(filter, (PageNumber - 1) * PageSize, PageSize, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAgencyAsync(string code)
    {
        var node = Tree.FindByCode(code ?? "");
        if (node is null || !Staff.Reaches(node.Id))
        {
            return NotFound();
        }
        if (!CanCheck(node.Id))
        {
            return Forbid();
        }
        // An agency's links take minutes: the check goes on in the background, and results appear as they come.
        await runner.StartAsync(new LinkCheckScope(Tree.SelfAndDescendants(node.Id)), lifetime.ApplicationStopping);
        TempData["Message"] = T($"已開始檢查「{node.Name}」的連結；結果陸續寫入，請稍後重新整理頁面。",
            $"Checking the links of {node.NameEn}; results come in as they are found: reload the page in a while.");
        return Redirect($"/admin/quality/links?agency={Uri.EscapeDataString(node.Code)}");
    }

    public async Task<IActionResult> OnPostCheckAllAsync()
    {
        if (!CanCheckAll)
        {
            return Forbid();
        }
        try
        {
            await runner.StartAsync(LinkCheckScope.All, lifetime.ApplicationStopping);
            TempData["Message"] = T("已開始檢查全部連結；結果陸續寫入，請稍後重新整理頁面。", "Checking every link; results come in as they are found: reload the page in a while.");
        }
        catch (LinkCheckAlreadyRunningException)
        {
            TempData["Message"] = T("全部連結的檢查正在執行中，請待完成後再試。", "A check of every link is running already; try again when it has finished.");
        }
        return Redirect("/admin/quality/links");
    }

    public async Task<IActionResult> OnPostCheckDatasetAsync(string name, CancellationToken ct)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, ct);
        if (dataset is null || !Staff.Can(StaffAction.ViewDrafts, dataset.AgencyId))
        {
            return NotFound();
        }
        if (!CanCheck(dataset.AgencyId))
        {
            return Forbid();
        }
        var summary = await runner.RunAsync(new LinkCheckScope(DatasetId: dataset.Id), null, ct);
        TempData["Message"] = T($"已檢查「{dataset.Title}」的 {summary.Checked} 個連結：{summary.Ok} 個正常，{summary.Failed + summary.Refused} 個失敗。",
            $"Checked {summary.Checked} links of “{dataset.TitleEn ?? dataset.Title}”: {summary.Ok} working, {summary.Failed + summary.Refused} failing.");
        return Redirect(Request.Headers.Referer.FirstOrDefault() is { } back && Uri.TryCreate(back, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/admin/quality/links"
            ? uri.PathAndQuery
            : "/admin/quality/links");
    }

    public string PageUrl(int page) =>
        $"/admin/quality/links?page={page}{(string.IsNullOrEmpty(Agency) ? "" : $"&agency={Uri.EscapeDataString(Agency)}")}{(string.IsNullOrEmpty(Show) ? "" : $"&show={Uri.EscapeDataString(Show)}")}";

    public static string StatusText(LinkCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.IsBroken ? T("錯誤連結", "Broken")
            : check.LastStatus switch
            {
                LinkStatus.Ok => T("正常", "Working"),
                LinkStatus.Refused => T("拒絕連線（內部網路）", "Refused (internal network)"),
                _ => T("失敗", "Failing"),
            };
    }

    public static string FailureText(LinkFailure? failure) => failure switch
    {
        null => "",
        LinkFailure.HttpError => T("伺服器回應錯誤", "The server answered an error"),
        LinkFailure.Timeout => T("逾時未回應", "No answer in time"),
        LinkFailure.ConnectionFailed => T("無法連線", "Could not connect"),
        LinkFailure.TooManyRedirects => T("轉址過多或無效", "Too many or bad redirects"),
        LinkFailure.NetworkRefused => T("網址指向內部網路，不予連線", "The address is in an internal network, not reached"),
        LinkFailure.HtmlInsteadOfData => T("回傳網頁而非資料檔", "A web page instead of the data"),
        LinkFailure.FileMissing => T("上傳檔案遺失或已損毀", "The uploaded file is missing or damaged"),
        LinkFailure.InvalidUrl => T("不是有效的 http(s) 網址", "Not a valid http(s) address"),
        _ => failure.ToString()!,
    };
}
