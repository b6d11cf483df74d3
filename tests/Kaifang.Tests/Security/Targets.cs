using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Security;

/// The things the access matrix acts on, made by the system administrator through the API in a given agency.
/// Each is made once per agency and shared by the cases that leave it in place; the "fresh" ones (what an allowed
/// case deletes) are made for every case.
public sealed class Targets(AccessAppFactory app) : IDisposable
{
    private static int _names;

    /// A number for names that must differ (inventory items of one round).
    public static int Next() => Interlocked.Increment(ref _names) + 100_000;

    public const string None = "none";
    public const string Agency = "agency";
    public const string Dataset = "dataset";
    public const string FreshDataset = "fresh dataset";
    public const string Published = "published dataset";
    public const string FreshPublished = "fresh published dataset";
    public const string Pipeline = "pipeline";
    public const string FreshPipeline = "fresh pipeline";
    public const string PipelineRun = "pipeline run";
    public const string Connection = "database connection";
    public const string FreshConnection = "fresh database connection";
    public const string HarvestSource = "harvest source";
    public const string FreshHarvestSource = "fresh harvest source";
    public const string Comment = "comment";
    public const string Event = "event";
    public const string Registration = "registration";
    public const string Showcase = "showcase";
    public const string Round = "inventory round";
    public const string Item = "inventory item";
    public const string FreshItem = "fresh inventory item";
    public const string Meeting = "meeting";
    public const string FreshMeeting = "fresh meeting";
    public const string PastYear = "past year";
    public const string OwnToken = "own token";

    private readonly ConcurrentDictionary<string, Task<Dictionary<string, string>>> _made = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HttpClient? _admin;
    private readonly HttpClient _public = app.CreateClient();
    private int _serial;

    public static object EventBody(string agency)
    {
        var starts = DateTimeOffset.UtcNow.AddDays(40);
        return new
        {
            agency, title = "資料應用工作坊", kind = "workshop", description = "實作課程", startsAt = starts, endsAt = starts.AddHours(2),
            venue = "5 樓會議室", capacity = 100, registrationClosesAt = starts.AddDays(-2),
        };
    }

    public static object ItemBody(string agency, int n) => new
    {
        agency, name = $"投保單位統計 {n}", sourceKind = "business-system", owningUnit = "納保處", description = "投保單位統計，按月統計。",
        mainFields = "年月、投保單位數", volume = "每月約 30 筆", updateFrequency = "每1月", hasPersonalData = false,
        grade = "open", legalBases = Array.Empty<string>(), fee = "免費",
    };

    public static object MeetingBody(string agency) => new
    {
        kind = "working-group", occasion = "regular", agency, date = "2026-11-20", title = "資料開放工作小組會議",
        members = new object[] { new { name = "王局長", affiliation = "勞動部", external = false, chair = true } },
    };

    /// The target's values for a case of <paramref name="user"/> in <paramref name="agency"/>.
    public async Task<IReadOnlyDictionary<string, string>> ValuesAsync(string target, string agency, string user)
    {
        var fresh = target.StartsWith("fresh ", StringComparison.Ordinal) || target == OwnToken;
        if (fresh)
        {
            return await MakeAsync(target, agency, user);
        }
        return await _made.GetOrAdd($"{target}|{agency}", _ => MakeAsync(target, agency, user));
    }

    private async Task<Dictionary<string, string>> MakeAsync(string target, string agency, string user)
    {
        await _gate.WaitAsync();
        try
        {
            _admin ??= await app.WithTokenAsync("admin");
            return await MakeUnlockedAsync(target, agency, user);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<string, string>> MakeUnlockedAsync(string target, string agency, string user)
    {
        var admin = _admin!;
        var n = Interlocked.Increment(ref _serial);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["agency"] = agency, ["code"] = agency };
        switch (target)
        {
            case None or Agency:
                break;
            case Dataset or FreshDataset or Published or FreshPublished or Pipeline or FreshPipeline or PipelineRun:
            {
                var name = await admin.CreateDraftAsync(agency, $"矩陣目標 {agency} {n}");
                // Links point at a closed port on loopback: a link check of them fails at once, without the network.
                var link = await Json(await admin.AddLinkAsync(name, "http://127.0.0.1:9/grades.csv"));
                values["name"] = name;
                values["resourceId"] = link.GetProperty("id").GetString()!;
                if (target is Published or FreshPublished)
                {
                    await Json(await admin.PostAsync($"/api/v1/datasets/{name}/publish", null));
                }
                if (target is Pipeline or FreshPipeline or PipelineRun)
                {
                    await Json(await admin.PutAsJsonAsync($"/api/v1/datasets/{name}/resources/{values["resourceId"]}/pipeline",
                        new { sourceKind = "upload", source = new { skipRows = 0 } }));
                }
                if (target == PipelineRun)
                {
                    var run = await Json(await admin.PostAsync($"/api/v1/datasets/{name}/resources/{values["resourceId"]}/pipeline/runs?wait=true", null));
                    values["runId"] = run.GetProperty("id").GetString()!;
                }
                break;
            }
            case Connection or FreshConnection:
            {
                var name = $"matrix-{n}";
                await Json(await admin.PostAsJsonAsync("/api/v1/database-connections",
                    new { name, title = "矩陣", kind = "sqlite", agency, connectionString = "Data Source=/nonexistent/matrix.db" }));
                values["connection"] = name;
                break;
            }
            case HarvestSource or FreshHarvestSource:
            {
                var name = $"matrix-{n}";
                await Json(await admin.PostAsJsonAsync("/api/v1/harvest/sources",
                    new { name, title = "矩陣", kind = "dcat", url = "http://127.0.0.1:9/catalog.ttl", agency = "MOL" }));
                values["name"] = name;
                break;
            }
            case Comment:
            {
                var comment = await Json(await _public.PostAsJsonAsync("/api/v1/feedback",
                    new { agency, kind = "question", subject = $"矩陣 {n}", body = $"請問第 {n} 份資料何時更新？", email = "matrix@example.com" }));
                values["reference"] = comment.GetProperty("reference").GetString()!;
                values["key"] = comment.GetProperty("followUpKey").GetString()!;
                using var scope = app.Services.CreateScope();
                var handler = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync(agency.ToLowerInvariant() + "-officer");
                values["handlerId"] = handler!.Id.ToString();
                break;
            }
            case Event or Registration:
            {
                var created = await Json(await admin.PostAsJsonAsync("/api/v1/events", EventBody(agency)));
                values["id"] = created.GetProperty("id").GetString()!;
                if (target == Registration)
                {
                    var registered = await Json(await _public.PostAsJsonAsync($"/api/v1/events/{values["id"]}/registrations",
                        new { name = "王小明", email = $"r{n}@example.com", organisation = "社群" }));
                    values["registration"] = registered.GetProperty("id").GetString()!;
                    values["key"] = registered.GetProperty("cancelKey").GetString()!;
                }
                break;
            }
            case Showcase:
            {
                var published = await MakeUnlockedAsync(Published, agency, user);
                var showcase = await Json(await _public.PostAsJsonAsync("/api/v1/showcases", new
                {
                    title = $"矩陣應用 {n}", kind = "app", url = $"https://example.com/app{n}", description = "試算投保薪資。",
                    authorName = "社群", authorEmail = "a@example.com", datasets = new[] { published["name"] },
                }));
                values["id"] = showcase.GetProperty("id").GetString()!;
                break;
            }
            case Round:
                values["round"] = (await RoundAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case Item or FreshItem or Meeting or FreshMeeting:
            {
                var round = await RoundAsync();
                values["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var item = await Json(await admin.PostAsJsonAsync($"/api/v1/inventory/rounds/{round}/items", ItemBody(agency, n)));
                values["item"] = item.GetProperty("id").GetString()!;
                values["dataset"] = await admin.CreateDraftAsync(agency, $"矩陣盤點 {agency} {n}");
                if (target is Item or FreshItem)
                {
                    values["id"] = values["item"];
                    break;
                }
                var meeting = await Json(await admin.PostAsJsonAsync("/api/v1/meetings", MeetingBody(agency)));
                values["id"] = meeting.GetProperty("id").GetString()!;
                // The item is on the meeting's agenda, under review: ready for a decision, or to be taken off.
                await Json(await admin.PostAsJsonAsync($"/api/v1/inventory/items/{values["item"]}/moves", new { to = "submitted" }));
                await Json(await admin.PostAsJsonAsync($"/api/v1/inventory/items/{values["item"]}/moves", new { to = "agency-approved" }));
                await Json(await admin.PostAsync($"/api/v1/meetings/{values["id"]}/agenda/{values["item"]}", null));
                var withFollowUp = await Json(await admin.PostAsJsonAsync($"/api/v1/meetings/{values["id"]}/follow-ups",
                    new { description = "補資料", owner = "王", dueOn = "2027-01-31" }));
                values["followUp"] = withFollowUp.GetProperty("followUps")[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
            case PastYear:
                values["year"] = "2025";
                break;
            case OwnToken:
            {
                using var scope = app.Services.CreateScope();
                var staff = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync(user == "anonymous" ? "admin" : user);
                var (token, _) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(staff!.Id, "矩陣", null, CancellationToken.None);
                values["id"] = token.Id.ToString();
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "No such target.");
        }
        return values;
    }

    private int? _round;

    public void Dispose()
    {
        _gate.Dispose();
        _admin?.Dispose();
        _public.Dispose();
    }

    private async Task<int> RoundAsync()
    {
        if (_round is null)
        {
            var round = await Json(await _admin!.PostAsJsonAsync("/api/v1/inventory/rounds", new { year = 2026, quarter = 4, opensOn = "2026-10-01", deadline = "2027-03-31" }));
            _round = round.GetProperty("id").GetInt32();
        }
        return _round.Value;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Making a target: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
