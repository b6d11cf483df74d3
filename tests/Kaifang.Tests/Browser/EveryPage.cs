namespace Kaifang.Tests.Browser;

/// One address to open and the status it should answer with (an error page's own status, a refused key's 403).
public sealed record Visit(string Url, int Status = 200)
{
    public string Path => Url.Split('?')[0];
}

/// A form sent with its fields left empty (the browser's own checks switched off), so that the page comes back
/// with Kaifang's error summary; the button is named as it reads in each language.
public sealed record FailedSubmit(string Url, string ButtonZh, string ButtonEn);

/// Every page of the web host and how to reach it with real values. The keys are the route templates exactly as
/// routing has them (PageRoutes); EveryPageAccessibilityTests fails naming any page missing here, so a new page is
/// checked from the day it is added.
public static class EveryPage
{
    private static readonly string[] Indicators = ["meetings", "growth", "accuracy", "three-star", "replies"];

    /// The portal and the account pages, visited without signing in.
    public static IReadOnlyDictionary<string, Func<PortalRecords, IReadOnlyList<Visit>>> Public { get; } =
        new Dictionary<string, Func<PortalRecords, IReadOnlyList<Visit>>>(StringComparer.Ordinal)
        {
            ["/"] = _ => [new("/")],
            ["/datasets"] = _ => [new("/datasets"), new("/datasets?q=勞保"), new("/datasets?q=查無此資料zzz")],
            ["/datasets/{name}"] = r => [new($"/datasets/{r.Dataset}"), new($"/datasets/{r.DatasetWithComments}"), new("/datasets/no-such-dataset", 404)],
            ["/agencies"] = _ => [new("/agencies")],
            ["/agencies/{code}"] = _ => [new("/agencies/BLI"), new("/agencies/MOL")],
            ["/events"] = _ => [new("/events")],
            ["/events/{id:guid}"] = r => [new($"/events/{r.Event}"), new($"/events/{r.Event}?registered=waiting")],
            ["/events/{id:guid}/cancel"] = r => [new(r.CancelUrl(r.CancelKey)), new(r.CancelUrl("not-the-key"), 403)],
            ["/feedback"] = _ => [new("/feedback")],
            ["/feedback/{reference}"] = r => [new($"/feedback/{r.Comment}"), new($"/feedback/{r.Comment}?sent=true")],
            ["/showcase"] = _ => [new("/showcase"), new("/showcase?submitted=true")],
            ["/showcase/submit"] = _ => [new("/showcase/submit")],
            ["/transparency"] = _ => [new("/transparency"), new($"/transparency?year={BackOfficeRecords.EvaluationYear}")],
            ["/account/login"] = _ => [new("/account/login")],
            ["/account/denied"] = _ => [new("/account/denied", 403)],
            ["/account/logout"] = _ => [new("/account/logout")],
            ["/error/{code:int?}"] = _ => [new("/error/404", 404), new("/error", 500)],
        };

    /// The back office, visited as the system administrator.
    public static IReadOnlyDictionary<string, Func<BackOfficeRecords, IReadOnlyList<Visit>>> BackOffice { get; } =
        new Dictionary<string, Func<BackOfficeRecords, IReadOnlyList<Visit>>>(StringComparer.Ordinal)
        {
            ["/admin"] = _ => [new("/admin")],
            ["/admin/datasets"] = _ => [new("/admin/datasets"), new("/admin/datasets?status=Draft"), new("/admin/datasets?q=查無此資料zzz")],
            ["/admin/datasets/new"] = _ => [new("/admin/datasets/new")],
            ["/admin/datasets/{name}"] = r => [new($"/admin/datasets/{r.Portal.Dataset}")],
            ["/admin/datasets/{name}/resources/{resourceId:guid}/pipeline"] = r => [new($"/admin/datasets/{r.Portal.Dataset}/resources/{r.Portal.Resource}/pipeline")],
            ["/admin/evaluation"] = _ => [new("/admin/evaluation"), new($"/admin/evaluation?year={BackOfficeRecords.EvaluationYear}")],
            ["/admin/evaluation/targets"] = _ => [new($"/admin/evaluation/targets?year={BackOfficeRecords.EvaluationYear}")],
            ["/admin/evaluation/{year:int}/{agency}/{indicator}"] = _ => [.. Indicators.Select(i => new Visit($"/admin/evaluation/{BackOfficeRecords.EvaluationYear}/BLI/{i}"))],
            ["/admin/feedback"] = _ => [new("/admin/feedback"), new("/admin/feedback?view=all"), new("/admin/feedback?view=mine")],
            ["/admin/feedback/{reference}"] = r => [.. r.Portal.Comments.Select(c => new Visit($"/admin/feedback/{c}"))],
            ["/admin/feedback/settings"] = _ => [new("/admin/feedback/settings")],
            ["/admin/feedback/statistics"] = _ => [new("/admin/feedback/statistics")],
            ["/admin/harvest"] = _ => [new("/admin/harvest")],
            ["/admin/harvest/{name}"] = r => [new($"/admin/harvest/{r.HarvestSource}")],
            ["/admin/inventory"] = _ => [new("/admin/inventory")],
            ["/admin/inventory/rounds/{id:int}"] = r => [new($"/admin/inventory/rounds/{r.Round}"), new($"/admin/inventory/rounds/{r.Round}?agency=BLI&state=submitted")],
            ["/admin/inventory/items/new"] = r => [new($"/admin/inventory/items/new?round={r.Round}")],
            ["/admin/inventory/items/{id:guid}"] = r => [new($"/admin/inventory/items/{r.InventoryItem}")],
            ["/admin/meetings"] = _ => [new("/admin/meetings")],
            ["/admin/meetings/{id:guid}"] = r => [new($"/admin/meetings/{r.Meeting}")],
            ["/admin/national-sync"] = _ => [new("/admin/national-sync"), new("/admin/national-sync?agency=BLI")],
            ["/admin/promotion"] = _ => [new("/admin/promotion")],
            ["/admin/promotion/events/new"] = _ => [new("/admin/promotion/events/new")],
            ["/admin/promotion/events/{id:guid}"] = r => [new($"/admin/promotion/events/{r.Portal.Event}")],
            ["/admin/promotion/events/{id:guid}/edit"] = r => [new($"/admin/promotion/events/{r.Portal.Event}/edit")],
            ["/admin/promotion/showcase"] = _ => [new("/admin/promotion/showcase")],
            ["/admin/quality"] = _ => [new("/admin/quality")],
            ["/admin/quality/checks/{period}"] = r => [new($"/admin/quality/checks/{r.CheckPeriod}"), new($"/admin/quality/checks/{BackOfficeRecords.PeriodWithoutCheck}")],
            ["/admin/quality/links"] = _ => [new("/admin/quality/links"), new("/admin/quality/links?show=all")],
            ["/admin/quality/metadata"] = _ => [new("/admin/quality/metadata")],
            ["/admin/quality/problems"] = _ => [new("/admin/quality/problems")],
            ["/admin/tokens"] = _ => [new("/admin/tokens")],
            ["/admin/users"] = _ => [new("/admin/users")],
        };

    /// Lists seen before anything is made in them (BackOfficeRecords): their empty states.
    public static IReadOnlyList<Visit> BackOfficeEmpty { get; } = [new("/admin/harvest"), new("/admin/inventory"), new("/admin/meetings")];

    /// The pages an agency's data officer works in most, seen as that officer.
    public static IReadOnlyList<Visit> ForOfficer(BackOfficeRecords r) =>
    [
        new("/admin"), new("/admin/datasets"), new("/admin/datasets/new"), new($"/admin/datasets/{r.Portal.Dataset}"),
        new($"/admin/datasets/{r.Portal.Dataset}/resources/{r.Portal.Resource}/pipeline"),
        new($"/admin/inventory/rounds/{r.Round}"), new($"/admin/inventory/items/{r.InventoryItem}"), new("/admin/feedback"),
    ];

    /// The pages an agency's administrator runs the agency's programme from, seen as that administrator.
    public static IReadOnlyList<Visit> ForAgencyAdmin(BackOfficeRecords r) =>
    [
        new("/admin"), new("/admin/tokens"), new("/admin/users"), new("/admin/harvest"), new("/admin/national-sync"), new("/admin/national-sync?agency=BLI"),
        new("/admin/feedback"), new("/admin/feedback/statistics"), new("/admin/feedback/settings"), new("/admin/quality"), new("/admin/quality/links"),
        new("/admin/quality/problems"), new("/admin/quality/metadata"), new($"/admin/quality/checks/{r.CheckPeriod}"), new("/admin/inventory"),
        new("/admin/meetings"), new($"/admin/meetings/{r.Meeting}"), new("/admin/promotion"), new("/admin/promotion/showcase"),
        new($"/admin/evaluation?year={BackOfficeRecords.EvaluationYear}"), new($"/admin/evaluation/{BackOfficeRecords.EvaluationYear}/BLI/growth"),
    ];

    public static IReadOnlyList<FailedSubmit> PublicForms(PortalRecords r) =>
    [
        new("/account/login", "登入", "Sign in"),
        new("/showcase/submit", "送出", "Submit"),
        new($"/events/{r.Event}", "登記候補|報名", "Join the waiting list|Register"),
        new($"/datasets/{r.Dataset}", "送出意見", "Send comment"),
    ];

    public static IReadOnlyList<FailedSubmit> BackOfficeForms(BackOfficeRecords r) =>
    [
        new("/admin/datasets/new", "儲存草稿", "Save draft"),
        new($"/admin/inventory/items/new?round={r.Round}", "儲存為草稿", "Save as a draft"),
        new("/admin/promotion/events/new", "儲存", "Save"),
        new("/admin/harvest", "新增", "Add"),
        new("/admin/tokens", "建立權杖", "Create token"),
        new("/admin/users", "建立帳號", "Create account"),
        new("/admin/meetings", "建立會議", "Plan the meeting"),
    ];
}
