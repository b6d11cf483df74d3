using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kaifang.Tests.Security;

/// Who may do a write, written out from the rules of docs/security.md, not taken from the production code.
public enum Who
{
    /// Anyone, signed in or not: the public's forms and the sign-in page.
    Anyone,
    /// Any signed-in member of staff, for their own things (API tokens).
    AnyStaff,
    /// System administrators, and agency administrators and data officers whose agency tree holds the target's agency.
    Officers,
    /// As <see cref="Officers"/>, but any agency: the form creates in the staff member's own agency (no target agency).
    AnyOfficer,
    /// System administrators, and agency administrators whose tree holds the target's agency.
    Admins,
    /// System administrators, agency administrators of the tree and reviewers: the advisory group's decisions.
    Reviewers,
    /// System administrators and the ministry's (the root agency's) administrators.
    MinistryAdmins,
    /// System administrators only.
    SystemAdmin,
}

/// What a refused request answers.
public enum Refusal
{
    /// 403 (a page: the redirect to /account/denied), wherever the target is.
    Forbidden,
    /// 404 where the staff member does not reach the target's agency (its existence is not told), 403 where they do.
    HiddenOutsideTree,
    /// 404 for everyone refused: the target is looked up among what the staff member may change.
    Hidden,
}

/// One write action: an API endpoint (method and route template, constraints left out) or a page handler
/// (route template and handler name, "" for the page's plain OnPost). Placeholders in braces are filled in from
/// the target; the body may use the target's values and the agency (<see cref="AccessCase"/>).
public sealed record AccessRow(string Method, string Route, string? Handler, Who Who, string Target, Func<AccessCase, HttpContent?> Body,
    Refusal Refusal = Refusal.Forbidden, string Note = "", bool Antiforgery = true)
{
    public bool IsPage => Handler is not null;
    public bool IsCkan => Route.StartsWith("/api/3/action/", StringComparison.Ordinal);
    public string Key => IsPage ? $"PAGE {Route} {(Handler!.Length == 0 ? "(OnPost)" : Handler)}" : $"{Method} {Route}";
    public override string ToString() => Key;
}

/// The values a case's request is made of.
public sealed record AccessCase(string User, string Home, string Agency, IReadOnlyDictionary<string, string> Values)
{
    public string this[string key] => Values[key];
    public string Code => Agency;
    public string Org => Agency.ToLowerInvariant();
}

/// Every write of the app, once. A new endpoint or page handler without a row here fails
/// <see cref="AccessMatrixTests.Every_write_endpoint_has_exactly_one_row_and_every_row_a_real_endpoint"/>.
public static class AccessTable
{
    private static HttpContent? None(AccessCase _) => null;
    private static JsonContent Json(object value) => JsonContent.Create(value);
    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
    private static MultipartFormDataContent File(string field, string fileName, string content) =>
        new() { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), field, fileName } };

    private static MultipartFormDataContent WithField(MultipartFormDataContent form, string name, string value)
    {
        form.Add(new StringContent(value), name);
        return form;
    }

    /// The dataset form as a person fills it in, for the agency.
    private static FormUrlEncodedContent DatasetForm(string agency, string title) => Form(
        ("Form.Agency", agency), ("Form.Title", title), ("Form.Description", "勞工保險投保薪資分級表，列出各投保薪資等級。"),
        ("Form.MainFieldsDescription", "等級、月投保薪資"), ("Form.UpdateFrequency", "每1年"), ("Form.ServiceCategory", "500"),
        ("Form.ContactName", "王小明"), ("Form.ContactPhone", "02-23961266"), ("Form.ContactEmail", "data@bli.gov.tw"));

    private static FormUrlEncodedContent EventForm(string agency) => Form(
        ("Input.Agency", agency), ("Input.Title", "資料應用工作坊"), ("Input.Kind", "workshop"), ("Input.Description", "實作課程"),
        ("Input.StartsAt", DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd'T'14:00", System.Globalization.CultureInfo.InvariantCulture)),
        ("Input.EndsAt", DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd'T'16:00", System.Globalization.CultureInfo.InvariantCulture)),
        ("Input.Venue", "5 樓會議室"), ("Input.Capacity", "100"));

    private static FormUrlEncodedContent HarvestForm(string name) => Form(
        ("Input.Name", name), ("Input.Title", "矩陣"), ("Input.Kind", "dcat"), ("Input.Url", "http://127.0.0.1:9/catalog.ttl"), ("Input.Agency", "MOL"));

    /// The CKAN package dict with what the national platform requires.
    private static JsonObject Package(string org, string title) => new()
    {
        ["title"] = title, ["notes"] = "說明", ["owner_org"] = org, ["maintainer"] = "王小明",
        ["groups"] = new JsonArray(new JsonObject { ["name"] = "500" }),
        ["extras"] = new JsonArray(
            new JsonObject { ["key"] = "main_fields_description", ["value"] = "等級、月投保薪資" },
            new JsonObject { ["key"] = "update_frequency", ["value"] = "每1年" },
            new JsonObject { ["key"] = "contact_phone", ["value"] = "02-23961266" }),
    };

    private static AccessRow Api(string method, string route, Who who, string target, Func<AccessCase, HttpContent?> body,
        Refusal refusal = Refusal.Forbidden, string note = "") => new(method, route, null, who, target, body, refusal, note);

    private static AccessRow Page(string route, string handler, Who who, string target, Func<AccessCase, HttpContent?> body,
        Refusal refusal = Refusal.Forbidden, string note = "", bool antiforgery = true) => new("POST", route, handler, who, target, body, refusal, note, antiforgery);

    private static AccessRow Ckan(string action, Who who, string target, Func<AccessCase, JsonObject> body, Refusal refusal = Refusal.Forbidden, string note = "") =>
        new("POST", "/api/3/action/" + action, null, who, target, c => JsonContent.Create(body(c)), refusal, note);

    private const Refusal Outside = Refusal.HiddenOutsideTree;

    public static readonly IReadOnlyList<AccessRow> Rows =
    [
        // ── Datasets, native API ──────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/datasets", Who.Officers, Targets.Agency, c => Json(Infrastructure.ApiClients.SampleInput(c.Agency, "矩陣新資料集"))),
        Api("PUT", "/api/v1/datasets/{name}", Who.Officers, Targets.Dataset, c => Json(Infrastructure.ApiClients.SampleInput(c.Agency, "改過的名稱")), Outside),
        Api("DELETE", "/api/v1/datasets/{name}", Who.Admins, Targets.FreshDataset, None, Outside),
        Api("POST", "/api/v1/datasets/{name}/publish", Who.Officers, Targets.FreshDataset, None, Outside),
        Api("POST", "/api/v1/datasets/{name}/withdraw", Who.Officers, Targets.FreshPublished, None, Outside),
        Api("POST", "/api/v1/datasets/{name}/resources", Who.Officers, Targets.Dataset, _ => Json(new { name = "第三個", url = "http://127.0.0.1:9/third.xml" }), Outside),
        Api("POST", "/api/v1/datasets/{name}/resources/upload", Who.Officers, Targets.Dataset, _ => File("file", "new.csv", "a,b\n1,2\n"), Outside),
        Api("PUT", "/api/v1/datasets/{name}/resources/{resourceId}/file", Who.Officers, Targets.Dataset, _ => File("file", "new.csv", "a,b\n1,2\n"), Outside),
        Api("DELETE", "/api/v1/datasets/{name}/resources/{resourceId}", Who.Officers, Targets.FreshDataset, None, Outside),
        Api("POST", "/api/v1/datasets/{name}/resources/{resourceId}/derived", Who.Officers, Targets.Dataset, _ => Json(new { derivation = "csv" }), Outside,
            "a link cannot be derived from: allowed staff get 400 once past the check"),

        // ── Pipelines and database connections ────────────────────────────────────────────────────────────
        Api("PUT", "/api/v1/datasets/{name}/resources/{resourceId}/pipeline", Who.Officers, Targets.Dataset, _ => Json(new { sourceKind = "upload", source = new { skipRows = 0 } }), Outside),
        Api("DELETE", "/api/v1/datasets/{name}/resources/{resourceId}/pipeline", Who.Officers, Targets.FreshPipeline, None, Outside),
        Api("POST", "/api/v1/datasets/{name}/resources/{resourceId}/pipeline/preview", Who.Officers, Targets.Pipeline, None, Outside, "no source file yet: allowed staff get 400"),
        Api("POST", "/api/v1/datasets/{name}/resources/{resourceId}/pipeline/source-file", Who.Officers, Targets.Pipeline, _ => File("file", "source.csv", "a,b\n1,2\n"), Outside),
        Api("POST", "/api/v1/datasets/{name}/resources/{resourceId}/pipeline/runs", Who.Officers, Targets.Pipeline, None, Outside),
        Api("POST", "/api/v1/pipeline-runs/{runId}/cancel", Who.Officers, Targets.PipelineRun, None, Refusal.Hidden, "the run is over: allowed staff get 409"),
        Api("POST", "/api/v1/database-connections", Who.Admins, Targets.Agency, c => Json(new { name = "m-" + Guid.NewGuid().ToString("N")[..12], title = "矩陣", kind = "sqlite", agency = c.Agency, connectionString = "Data Source=/nonexistent/matrix.db" })),
        Api("PUT", "/api/v1/database-connections/{connection}", Who.Admins, Targets.Connection, c => Json(new { name = c["connection"], title = "改過", kind = "sqlite", agency = c.Agency, connectionString = "" }), Outside),
        Api("DELETE", "/api/v1/database-connections/{connection}", Who.Admins, Targets.FreshConnection, None, Outside),

        // ── Harvesting: the system administrator's ────────────────────────────────────────────────────────
        Api("POST", "/api/v1/harvest/sources", Who.SystemAdmin, Targets.None, _ => Json(new { name = "m-" + Guid.NewGuid().ToString("N")[..12], title = "矩陣", kind = "dcat", url = "http://127.0.0.1:9/catalog.ttl", agency = "MOL" })),
        Api("PUT", "/api/v1/harvest/sources/{name}", Who.SystemAdmin, Targets.HarvestSource, c => Json(new { name = c["name"], title = "改過", kind = "dcat", url = "http://127.0.0.1:9/catalog.ttl", agency = "MOL" })),
        Api("DELETE", "/api/v1/harvest/sources/{name}", Who.SystemAdmin, Targets.FreshHarvestSource, None),
        Api("POST", "/api/v1/harvest/sources/{name}/runs", Who.SystemAdmin, Targets.HarvestSource, None),

        // ── National platform publishing ──────────────────────────────────────────────────────────────────
        Api("PUT", "/api/v1/national-sync/agencies/{code}", Who.MinistryAdmins, Targets.Agency, _ => Json(new { enabled = false })),
        Api("POST", "/api/v1/national-sync/agencies/{code}/sync", Who.Admins, Targets.Agency, None, note: "nothing is configured to send: allowed staff get an empty outcome"),
        Api("POST", "/api/v1/national-sync/agencies/{code}/retry", Who.Admins, Targets.Agency, None),

        // ── Feedback: a comment's reference is no secret (its thread is public), so a refusal says 403 ──────────────────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/feedback", Who.Anyone, Targets.Agency, c => Json(new { agency = c.Agency, kind = "question", subject = "矩陣", body = "請問資料何時更新？", email = "matrix@example.com" })),
        Api("POST", "/api/v1/feedback/import", Who.MinistryAdmins, Targets.None, _ => File("file", "comments.json", "[]"), note: "an empty file: allowed staff get 400 or an empty import"),
        Api("PUT", "/api/v1/feedback/routes/{agency}", Who.Admins, Targets.Agency, _ => Json(new { handler = (string?)null })),
        Api("POST", "/api/v1/feedback/{reference}/answers", Who.Anyone, Targets.Comment, c => Json(new { key = c["key"], body = "補充說明" }), note: "the commenter's key is the permission"),
        Api("POST", "/api/v1/feedback/{reference}/assign", Who.Officers, Targets.Comment, c => Json(new { handler = c.Agency.ToLowerInvariant() + "-officer" })),
        Api("POST", "/api/v1/feedback/{reference}/replies", Who.Officers, Targets.Comment, _ => Json(new { body = "感謝您的意見。", close = false })),
        Api("POST", "/api/v1/feedback/{reference}/notes", Who.Officers, Targets.Comment, _ => Json(new { body = "內部備註" })),
        Api("POST", "/api/v1/feedback/{reference}/close", Who.Officers, Targets.Comment, None, note: "an unanswered comment cannot be closed: allowed staff get 409 until one replies"),
        Api("POST", "/api/v1/feedback/{reference}/moderation", Who.Admins, Targets.Comment, _ => Json(new { action = "release" })),
        Api("POST", "/api/v1/feedback/{reference}/transfer", Who.Officers, Targets.Comment, c => Json(new { agency = c.Agency }),
            note: "to its own agency: allowed staff get 400"),
        Api("POST", "/api/v1/calendar/import", Who.SystemAdmin, Targets.None, _ => File("file", "calendar.csv", "西元日期,星期,是否放假,備註\n"), note: "an empty calendar: allowed staff get 400"),

        // ── Events and the showcase ───────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/events", Who.Officers, Targets.Agency, c => Json(Targets.EventBody(c.Agency))),
        Api("PUT", "/api/v1/events/{id}", Who.Officers, Targets.Event, c => Json(Targets.EventBody(c.Agency)), note: "events are public: refused staff get 403 wherever"),
        Api("POST", "/api/v1/events/{id}/registrations", Who.Anyone, Targets.Event, _ => Json(new { name = "王小明", email = $"m{Guid.NewGuid():N}@example.com", organisation = "社群" })),
        Api("POST", "/api/v1/events/{id}/registrations/{registration}/cancel", Who.Anyone, Targets.Registration, c => Json(new { key = c["key"] }), note: "the registrant's key is the permission"),
        Api("POST", "/api/v1/events/{id}/registrations/{registration}/attendance", Who.Officers, Targets.Registration, _ => Json(new { attended = true })),
        Api("POST", "/api/v1/showcases", Who.Anyone, Targets.Published, c => Json(new { title = "矩陣應用", kind = "app", url = "https://example.com/app", description = "試算投保薪資。", authorName = "社群", authorEmail = "a@example.com", datasets = new[] { c["name"] } })),
        Api("POST", "/api/v1/showcases/{id}/decision", Who.Admins, Targets.Showcase, _ => Json(new { approve = false, reason = "矩陣" }), note: "showcases are public: refused staff get 403 wherever; once rejected, rejecting again answers 409"),

        // ── Inventory (盤點) ──────────────────────────────────────────────────────────────────────────────
        Api("PUT", "/api/v1/inventory/legal-bases/{code}", Who.SystemAdmin, Targets.None, _ => Json(new { code = "M-1", law = "矩陣法", article = "第1條", text = "條文", active = true }), note: "code M-1"),
        Api("POST", "/api/v1/inventory/rounds", Who.MinistryAdmins, Targets.None, _ => Json(new { year = 2020, quarter = 1, opensOn = "2020-01-01", deadline = "2020-03-31" }),
            note: "a past round: allowed staff get 400 or 409"),
        Api("POST", "/api/v1/inventory/rounds/{round}/items", Who.Officers, Targets.Round, c => Json(Targets.ItemBody(c.Agency, Targets.Next()))),
        Api("POST", "/api/v1/inventory/rounds/{round}/import", Who.AnyOfficer, Targets.Round, _ => File("file", "items.csv", "機關,資料名稱\n"),
            note: "the file names the agencies; an empty one: allowed staff get 400"),
        Api("PUT", "/api/v1/inventory/items/{id}", Who.Officers, Targets.Item, c => Json(Targets.ItemBody(c.Agency, Targets.Next())), Outside),
        Api("POST", "/api/v1/inventory/items/{id}/moves", Who.Officers, Targets.FreshItem, _ => Json(new { to = "submitted" }), Outside),
        Api("POST", "/api/v1/inventory/items/{id}/dataset", Who.Officers, Targets.Item, _ => Json(new { serviceCategory = "500", contactName = "王", contactPhone = "02-1" }), Outside,
            "a draft item: allowed staff get 409"),
        Api("POST", "/api/v1/inventory/items/{id}/datasets", Who.Officers, Targets.Item, c => Json(new { dataset = c["dataset"] }), Outside, "a draft item: allowed staff get 409"),

        // ── Review meetings (審議) ────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/meetings", Who.Admins, Targets.Agency, c => Json(Targets.MeetingBody(c.Agency))),
        Api("PUT", "/api/v1/meetings/{id}", Who.Admins, Targets.Meeting, c => Json(Targets.MeetingBody(c.Agency)), Outside),
        Api("POST", "/api/v1/meetings/{id}/agenda", Who.Admins, Targets.Meeting, c => Json(new { round = c["round"] }), Outside),
        Api("POST", "/api/v1/meetings/{id}/agenda/{item}", Who.Admins, Targets.Meeting, None, Outside, "on the agenda already: allowed staff get 409"),
        Api("DELETE", "/api/v1/meetings/{id}/agenda/{item}", Who.Admins, Targets.FreshMeeting, None, Outside),
        Api("POST", "/api/v1/meetings/{id}/decisions", Who.Reviewers, Targets.Meeting, c => Json(new { item = c["item"], decision = "approve" }), Outside,
            "one decision per item: after the first, allowed staff get 409"),
        Api("POST", "/api/v1/meetings/{id}/follow-ups", Who.Admins, Targets.Meeting, _ => Json(new { description = "補資料", owner = "王", dueOn = "2027-01-31" }), Outside),
        Api("POST", "/api/v1/meetings/{id}/follow-ups/{followUp}", Who.Admins, Targets.Meeting, _ => Json(new { done = true }), Outside),
        Api("POST", "/api/v1/meetings/{id}/minutes", Who.Admins, Targets.FreshMeeting, _ => Json(new { notes = "會議紀錄" }), Outside, "an undecided item on the agenda: allowed staff get 409"),

        // ── Quality ───────────────────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/quality/links/check", Who.Officers, Targets.Agency, c => Json(new { agency = c.Agency })),
        Api("POST", "/api/v1/quality/checks", Who.MinistryAdmins, Targets.None, _ => Json(new { period = "2020Q1" })),

        // ── Evaluation ────────────────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/evaluation/{year}/freeze", Who.MinistryAdmins, Targets.PastYear, None),
        Api("PUT", "/api/v1/evaluation/targets", Who.MinistryAdmins, Targets.None, _ => Json(new[] { new { agency = "BLI", year = 2030, growth = 1 } })),
        Api("POST", "/api/v1/evaluation/targets/import", Who.MinistryAdmins, Targets.None, _ => File("file", "targets.csv", "機關,年度\n"), note: "an empty file: allowed staff get 400"),

        // ── API tokens: one's own ─────────────────────────────────────────────────────────────────────────
        Api("POST", "/api/v1/tokens", Who.AnyStaff, Targets.None, _ => Json(new { name = "矩陣" })),
        Api("DELETE", "/api/v1/tokens/{id}", Who.AnyStaff, Targets.OwnToken, None),

        // ── CKAN Action API (also at /api/action/…) ──────────────────────────────────────────────────────
        Ckan("package_create", Who.Officers, Targets.Agency, c => Package(c.Org, "矩陣 CKAN")),
        Ckan("package_update", Who.Officers, Targets.Dataset, c => { var p = Package(c.Org, "改過"); p["id"] = c["name"]; return p; }, Outside),
        Ckan("package_patch", Who.Officers, Targets.Dataset, c => new JsonObject { ["id"] = c["name"], ["title"] = "改過" }, Outside),
        Ckan("package_delete", Who.Admins, Targets.FreshDataset, c => new JsonObject { ["id"] = c["name"] }, Outside),
        Ckan("resource_create", Who.Officers, Targets.Dataset, c => new JsonObject { ["package_id"] = c["name"], ["url"] = "http://127.0.0.1:9/c.csv", ["name"] = "CKAN" }, Outside),
        Ckan("resource_update", Who.Officers, Targets.Dataset, c => new JsonObject { ["id"] = c["resourceId"], ["url"] = "http://127.0.0.1:9/d.csv", ["name"] = "改過" }, Outside),
        Ckan("resource_patch", Who.Officers, Targets.Dataset, c => new JsonObject { ["id"] = c["resourceId"], ["name"] = "改過" }, Outside),
        Ckan("resource_delete", Who.Officers, Targets.FreshDataset, c => new JsonObject { ["id"] = c["resourceId"] }, Outside),
        Ckan("organization_member_create", Who.Admins, Targets.Agency, c => new JsonObject { ["id"] = c.Org, ["username"] = c.Org + "-officer", ["role"] = "editor" }),

        // ── Back-office pages ─────────────────────────────────────────────────────────────────────────────
        Page("/admin/datasets/new", "", Who.AnyOfficer, Targets.None, c => DatasetForm(c.Home, "頁面新資料集"), note: "in the staff member's own agency"),
        Page("/admin/datasets/{name}", "Save", Who.Officers, Targets.Dataset, c => DatasetForm(c.Agency, "頁面改過"), Outside),
        Page("/admin/datasets/{name}", "Status", Who.Officers, Targets.FreshDataset, _ => Form(("status", "published")), Outside),
        Page("/admin/datasets/{name}", "Delete", Who.Admins, Targets.FreshDataset, None, Outside),
        Page("/admin/datasets/{name}", "AddResource", Who.Officers, Targets.Dataset, _ => Form(("Url", "http://127.0.0.1:9/p.csv"), ("ResourceName", "頁面")), Outside),
        Page("/admin/datasets/{name}", "ReplaceResource", Who.Officers, Targets.Dataset, c => WithField(File("replacement", "new.csv", "a,b\n1,2\n"), "resourceId", c["resourceId"]), Outside),
        Page("/admin/datasets/{name}", "Derive", Who.Officers, Targets.Dataset, c => Form(("resourceId", c["resourceId"]), ("derivation", "csv")), Outside,
            "a link cannot be derived from: allowed staff get 400 once past the check"),
        Page("/admin/datasets/{name}", "RemoveResource", Who.Officers, Targets.FreshDataset, c => Form(("resourceId", c["resourceId"])), Outside),
        Page("/admin/datasets/{name}/resources/{resourceId}/pipeline", "Save", Who.Officers, Targets.Dataset, _ => Form(("Form.SourceKind", "upload")), Outside),
        Page("/admin/datasets/{name}/resources/{resourceId}/pipeline", "Edit", Who.Officers, Targets.Pipeline, _ => Form(("Form.SourceKind", "upload")), Outside),
        Page("/admin/datasets/{name}/resources/{resourceId}/pipeline", "Preview", Who.Officers, Targets.Pipeline, _ => Form(("Form.SourceKind", "upload")), Outside),
        Page("/admin/datasets/{name}/resources/{resourceId}/pipeline", "Run", Who.Officers, Targets.Pipeline, None, Outside),
        Page("/admin/datasets/{name}/resources/{resourceId}/pipeline", "Delete", Who.Officers, Targets.FreshPipeline, None, Outside),
        Page("/admin/harvest", "Create", Who.SystemAdmin, Targets.None, _ => HarvestForm("p-" + Guid.NewGuid().ToString("N")[..12])),
        Page("/admin/harvest", "Run", Who.SystemAdmin, Targets.HarvestSource, c => Form(("name", c["name"]))),
        Page("/admin/harvest/{name}", "Save", Who.SystemAdmin, Targets.HarvestSource, c => HarvestForm(c["name"])),
        Page("/admin/harvest/{name}", "Delete", Who.SystemAdmin, Targets.FreshHarvestSource, None),
        Page("/admin/national-sync", "Configure", Who.MinistryAdmins, Targets.Agency, c => Form(("agency", c.Agency), ("enabled", "false"))),
        Page("/admin/national-sync", "Sync", Who.Admins, Targets.Agency, c => Form(("agency", c.Agency))),
        Page("/admin/national-sync", "Retry", Who.Admins, Targets.Agency, c => Form(("agency", c.Agency))),
        Page("/admin/evaluation", "Freeze", Who.MinistryAdmins, Targets.PastYear, c => Form(("year", c["year"]))),
        Page("/admin/evaluation/targets", "", Who.MinistryAdmins, Targets.None, _ => Form(("Year", "2030"))),
        Page("/admin/evaluation/targets", "Import", Who.MinistryAdmins, Targets.None, _ => File("file", "targets.csv", "機關,年度\n")),
        Page("/admin/feedback/{reference}", "Reply", Who.Officers, Targets.Comment, _ => Form(("body", "感謝您的意見。"))),
        Page("/admin/feedback/{reference}", "Note", Who.Officers, Targets.Comment, _ => Form(("body", "內部備註"))),
        Page("/admin/feedback/{reference}", "Assign", Who.Officers, Targets.Comment, c => Form(("handler", c["handlerId"]))),
        Page("/admin/feedback/{reference}", "Close", Who.Officers, Targets.Comment, None, note: "an unanswered comment cannot be closed: allowed staff get 409 until one replies"),
        Page("/admin/feedback/{reference}", "Moderate", Who.Admins, Targets.Comment, _ => Form(("action", "release"))),
        Page("/admin/feedback/{reference}", "Transfer", Who.Officers, Targets.Comment, c => Form(("agency", c.Agency))),
        Page("/admin/feedback/settings", "Route", Who.Admins, Targets.Agency, c => Form(("agency", c.Agency), ("handler", ""))),
        Page("/admin/feedback/settings", "Calendar", Who.SystemAdmin, Targets.None, _ => File("file", "calendar.csv", "西元日期,星期,是否放假,備註\n"), note: "an empty calendar: allowed staff get 400"),
        Page("/admin/feedback/settings", "Comments", Who.MinistryAdmins, Targets.None, _ => File("file", "comments.json", "[]")),
        Page("/admin/promotion/events/new", "", Who.Officers, Targets.Agency, c => EventForm(c.Agency)),
        Page("/admin/promotion/events/{id}/edit", "", Who.Officers, Targets.Event, c => EventForm(c.Agency)),
        Page("/admin/promotion/events/{id}", "Attendance", Who.Officers, Targets.Registration, c => Form(("registration", c["registration"]), ("attended", "true"))),
        Page("/admin/promotion/showcase", "", Who.Admins, Targets.Showcase, c => Form(("id", c["id"]), ("approve", "false"), ("reason", "矩陣")),
            note: "showcases are public: refused staff get 403 wherever; once rejected, rejecting again answers 400"),
        Page("/admin/quality", "Run", Who.MinistryAdmins, Targets.None, _ => Form(("period", "2020Q1"))),
        Page("/admin/quality/links", "CheckAgency", Who.Officers, Targets.Agency, c => Form(("code", c.Agency)), Outside),
        Page("/admin/quality/links", "CheckAll", Who.SystemAdmin, Targets.None, None),
        Page("/admin/quality/links", "CheckDataset", Who.Officers, Targets.FreshDataset, c => Form(("name", c["name"])), Outside),
        Page("/admin/tokens", "Create", Who.AnyStaff, Targets.None, _ => Form(("Name", "矩陣"))),
        Page("/admin/tokens", "Revoke", Who.AnyStaff, Targets.OwnToken, c => Form(("id", c["id"]))),
        Page("/admin/users", "", Who.Admins, Targets.Agency, c => Form(("userName", "m" + Guid.NewGuid().ToString("N")[..10]), ("displayName", "矩陣"), ("role", "DataOfficer"), ("agency", c.Agency))),
        Page("/admin/meetings", "", Who.Admins, Targets.Agency, c => Form(("kind", "working-group"), ("occasion", "regular"), ("agency", c.Agency), ("date", "2026-11-20"), ("title", "工作小組會議"))),
        Page("/admin/meetings/{id}", "Agenda", Who.Admins, Targets.Meeting, c => Form(("round", c["round"])), Outside),
        Page("/admin/meetings/{id}", "Remove", Who.Admins, Targets.FreshMeeting, c => Form(("item", c["item"])), Outside),
        Page("/admin/meetings/{id}", "Decide", Who.Reviewers, Targets.Meeting, c => Form(("item", c["item"]), ("decision", "approve")), Outside),
        Page("/admin/meetings/{id}", "FollowUp", Who.Admins, Targets.Meeting, _ => Form(("description", "補資料"), ("owner", "王"), ("dueOn", "2027-01-31")), Outside),
        Page("/admin/meetings/{id}", "Done", Who.Admins, Targets.Meeting, c => Form(("followUp", c["followUp"]), ("done", "true")), Outside),
        Page("/admin/meetings/{id}", "Minutes", Who.Admins, Targets.FreshMeeting, _ => Form(("notes", "會議紀錄")), Outside, "an undecided item on the agenda: allowed staff get 409"),
        Page("/admin/inventory", "Round", Who.MinistryAdmins, Targets.None, _ => Form(("year", "2020"), ("quarter", "1"), ("opensOn", "2020-01-01"), ("deadline", "2020-03-31"))),
        Page("/admin/inventory", "Basis", Who.SystemAdmin, Targets.None, _ => Form(("code", ""))),
        Page("/admin/inventory/items/new", "", Who.Officers, Targets.Round, c => Form(("round", c["round"]), ("Form.Agency", c.Agency))),
        Page("/admin/inventory/items/{id}", "Save", Who.Officers, Targets.Item, c => Form(("Form.Agency", c.Agency)), Outside),
        Page("/admin/inventory/items/{id}", "Move", Who.Officers, Targets.FreshItem, _ => Form(("to", "submitted")), Outside),
        Page("/admin/inventory/items/{id}", "Dataset", Who.Officers, Targets.Item, None, Outside),
        Page("/admin/inventory/items/{id}", "Link", Who.Officers, Targets.Item, c => Form(("dataset", c["dataset"])), Outside, "a draft item: allowed staff get 409"),
        Page("/admin/inventory/rounds/{round}", "Import", Who.AnyOfficer, Targets.Round, _ => File("file", "items.csv", "機關,資料名稱\n")),

        // ── Public and account pages ──────────────────────────────────────────────────────────────────────
        Page("/feedback", "", Who.Anyone, Targets.Agency, c => Form(("Input.Agency", c.Agency), ("Input.Kind", "question"), ("Input.Body", "請問何時更新？"))),
        Page("/feedback/{reference}", "", Who.Anyone, Targets.Comment, c => Form(("key", c["key"]), ("body", "補充說明"))),
        Page("/events/{id}", "", Who.Anyone, Targets.Event, _ => Form(("Input.Name", "王小明"), ("Input.Email", $"p{Guid.NewGuid():N}@example.com"))),
        Page("/events/{id}/cancel", "", Who.Anyone, Targets.Registration, c => Form(("registration", c["registration"]), ("key", c["key"]))),
        Page("/showcase/submit", "", Who.Anyone, Targets.None, _ => Form(("Input.Title", ""))),
        Page("/account/login", "", Who.Anyone, Targets.None, _ => Form(("UserName", ""), ("Password", "")), note: "empty: a failed sign-in would count towards the lock-out"),
        Page("/account/logout", "", Who.Anyone, Targets.None, None, note: "signs the client out: the matrix signs in again after it"),
        Page("/error/{code}", "", Who.Anyone, Targets.None, None, antiforgery: false,
            note: "the error page shows the error of a re-executed POST (one refused for its token among them), so it takes none; it writes nothing"),
    ];
}
