using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Kaifang.Tests.Infrastructure;
using Kaifang.Web.Api.Ckan;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Security;

/// Every write of the app (<see cref="AccessTable"/>) × every seeded role × MOL and its two sibling agencies BLI
/// and OSHA, on the pages and both APIs (ASVS V4.1, V4.2): refused requests answer what the row says and change
/// nothing in the database; allowed ones get past the check. Also: no staff write without signing in, no page
/// post without its antiforgery token.
public sealed partial class AccessMatrixTests(AccessAppFactory app) : IClassFixture<AccessAppFactory>
{
    /// The seeded accounts and what they are, written out: MOL is the root, BLI and OSHA are below it.
    private static readonly Dictionary<string, (string Role, string Agency)> Users = new(StringComparer.Ordinal)
    {
        ["admin"] = ("system", "MOL"),
        ["reviewer"] = ("reviewer", "MOL"),
        ["mol-admin"] = ("agency-admin", "MOL"),
        ["mol-officer"] = ("officer", "MOL"),
        ["bli-admin"] = ("agency-admin", "BLI"),
        ["bli-officer"] = ("officer", "BLI"),
        ["osha-officer"] = ("officer", "OSHA"),
    };

    private static readonly string[] Agencies = ["MOL", "BLI", "OSHA"];

    private static readonly Dictionary<string, AccessRow> ByKey = AccessTable.Rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static bool Reaches(string user, string agency) =>
        Users[user].Role == "system" || Users[user].Agency == "MOL" || Users[user].Agency == agency;

    /// Whether the row lets the user act on a target in the agency.
    private static bool Allowed(AccessRow row, string user, string agency)
    {
        var role = Users[user].Role;
        return row.Who switch
        {
            Who.Anyone or Who.AnyStaff => true,
            Who.Officers => role is "system" or "agency-admin" or "officer" && Reaches(user, agency),
            Who.AnyOfficer => role is "system" or "agency-admin" or "officer",
            Who.Admins => role is "system" or "agency-admin" && Reaches(user, agency),
            Who.Reviewers => role is "system" or "agency-admin" or "reviewer" && Reaches(user, agency),
            Who.MinistryAdmins => role is "system" || (role == "agency-admin" && Users[user].Agency == "MOL"),
            Who.SystemAdmin => role == "system",
            _ => throw new ArgumentOutOfRangeException(nameof(row)),
        };
    }

    /// Rows whose rule depends on the target's agency run in all three; the others in BLI alone (an agency whose
    /// administrator is not the ministry's).
    private static string[] AgenciesOf(AccessRow row) =>
        row.Who is Who.Officers or Who.Admins or Who.Reviewers ? Agencies : ["BLI"];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in AccessTable.Rows.Where(r => r.Who != Who.Anyone))
        {
            foreach (var agency in AgenciesOf(row))
            {
                foreach (var user in Users.Keys)
                {
                    data.Add(row.Key, user, agency);
                }
            }
        }
        return data;
    }

    public static TheoryData<string> StaffRows() => [.. AccessTable.Rows.Where(r => r.Who != Who.Anyone).Select(r => r.Key)];

    public static TheoryData<string> PageRows() => [.. AccessTable.Rows.Where(r => r.IsPage).Select(r => r.Key)];

    [Fact]
    public async Task Every_write_endpoint_has_exactly_one_row_and_every_row_a_real_endpoint()
    {
        var real = await RealWritesAsync();
        var rows = AccessTable.Rows.Select(r => (r.Key, Shape: Shape(r))).ToList();
        var problems = new List<string>();
        problems.AddRange(rows.GroupBy(r => r.Shape).Where(g => g.Count() > 1).Select(g => $"more than one row for {g.Key}: {string.Join(", ", g.Select(r => r.Key))}"));
        problems.AddRange(real.Except(rows.Select(r => r.Shape)).Order(StringComparer.Ordinal).Select(e => $"no row in AccessTable for {e}"));
        problems.AddRange(rows.Where(r => !real.Contains(r.Shape)).Select(r => $"the row {r.Key} matches no endpoint of the app"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The CKAN write actions are reached through one endpoint, by name: there are rows for all of them.
        Assert.Equal(CkanActions.All.Values.Count(a => !a.SideEffectFree), AccessTable.Rows.Count(r => r.IsCkan));
    }

    [Fact]
    public async Task The_matrix_sees_a_write_to_the_database()
    {
        // Without this, "changed nothing" below would hold of a watcher that sees nothing.
        var row = ByKey["POST /api/v1/datasets"];
        var (response, writes) = await SendAsync(row, "bli-officer", "BLI", withAntiforgery: true);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(writes, w => w.Contains("\"Datasets\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_writes_answer_as_the_table_says_and_change_nothing_allowed_ones_get_past_the_check(string key, string user, string agency)
    {
        var row = ByKey[key];
        var (response, writes) = await SendAsync(row, user, agency, withAntiforgery: true);
        var allowed = Allowed(row, user, agency);
        var what = $"{user} → {row.Key} in {agency}: {(int)response.StatusCode} {response.Headers.Location}";
        if (allowed)
        {
            Assert.False(LooksRefused(row, response), $"{what}, but the table allows it. {await BodyAsync(response)}");
            Assert.True((int)response.StatusCode < 500, $"{what}: {await BodyAsync(response)}");
            // An allowed case that is turned down for its input (or its target's state) must say so in its row.
            Assert.True((int)response.StatusCode < 400 || row.Note.Length > 0,
                $"{what}: allowed, but not done; make the row's body valid or say in its note why it is not. {await BodyAsync(response)}");
            return;
        }
        var expected = row.Refusal switch
        {
            Refusal.Forbidden => HttpStatusCode.Forbidden,
            Refusal.Hidden => HttpStatusCode.NotFound,
            _ => Reaches(user, agency) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound,
        };
        if (row.IsPage && expected == HttpStatusCode.Forbidden)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && IsTo(response, "/account/denied"), $"{what}: expected the redirect to /account/denied. {await BodyAsync(response)}");
        }
        else
        {
            Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}. {await BodyAsync(response)}");
        }
        Assert.True(writes.Count == 0, $"{what} was refused but wrote to the database:\n{Shown(writes)}");
    }

    [Theory]
    [MemberData(nameof(StaffRows))]
    public async Task Staff_writes_without_signing_in_are_refused_and_change_nothing(string key)
    {
        var row = ByKey[key];
        var (response, writes) = await SendAsync(row, "anonymous", "BLI", withAntiforgery: true);
        var what = $"anonymous → {row.Key}: {(int)response.StatusCode} {response.Headers.Location}";
        if (row.IsPage)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && IsTo(response, "/account/login"), $"{what}: expected the redirect to /account/login");
        }
        else
        {
            // CKAN answers 403 with its "Authorization Error", as CKAN does; the native API 401.
            Assert.Equal(row.IsCkan ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.True(writes.Count == 0, $"{what} wrote to the database:\n{Shown(writes)}");
    }

    [Theory]
    [MemberData(nameof(PageRows))]
    public async Task Page_posts_without_the_antiforgery_token_are_refused_and_change_nothing(string key)
    {
        var row = ByKey[key];
        // The system administrator passes every other check, so only the missing token can refuse.
        var (response, writes) = await SendAsync(row, "admin", "BLI", withAntiforgery: false);
        var what = $"{row.Key} without a token: {(int)response.StatusCode} {response.Headers.Location}";
        Assert.True(!row.Antiforgery || response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.True(writes.Count == 0, $"{what} wrote to the database:\n{Shown(writes)}");
    }

    /// The statements' beginnings, enough to tell the tables.
    private static string Shown(IReadOnlyList<string> writes) => string.Join("\n", writes.Select(w => w.Length > 300 ? w[..300] : w));

    private static bool IsTo(HttpResponseMessage response, string path) =>
        response.Headers.Location is { } to && (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString.Split('?')[0]) == path;

    private static bool LooksRefused(AccessRow row, HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || (row.IsPage && response.StatusCode == HttpStatusCode.Redirect && (IsTo(response, "/account/denied") || IsTo(response, "/account/login")));

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 600 ? text[..600] : text;
    }

    // ── Sending ───────────────────────────────────────────────────────────────────────────────────────────

    private Targets TargetsOf => app.Shared.GetOrAdd("targets", _ => new Targets(app)) as Targets ?? throw new InvalidOperationException();

    private async Task<(HttpResponseMessage Response, IReadOnlyList<string> Writes)> SendAsync(AccessRow row, string user, string agency, bool withAntiforgery)
    {
        var values = await TargetsOf.ValuesAsync(row.Target, agency, user);
        var c = new AccessCase(user, Users.TryGetValue(user, out var u) ? u.Agency : "MOL", agency, values);
        var url = Placeholder().Replace(row.Route, m => Uri.EscapeDataString(m.Groups[1].Value switch
        {
            "code" when row.Route.StartsWith("/error/", StringComparison.Ordinal) => "500",
            var name => values.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"The target {row.Target} has no {name} for {row.Key}."),
        }));
        if (row.IsPage && row.Handler!.Length > 0)
        {
            url += "?handler=" + row.Handler;
        }
        var (client, token) = await ClientAsync(row, user);
        var content = row.Body(c);
        if (row.IsPage && withAntiforgery)
        {
            content = await WithTokenAsync(content, token!);
        }
        else if (row.IsPage)
        {
            content ??= new FormUrlEncodedContent([]);
        }
        var caseId = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), url) { Content = content };
        request.Headers.Add(AccessAppFactory.CaseHeader, caseId);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (row.Route == "/account/logout")
        {
            // The client is signed out now: the next case signs in again.
            _ = app.Shared.TryRemove($"page|{user}", out _);
        }
        return (response, app.WritesOf(caseId));
    }

    private static async Task<HttpContent> WithTokenAsync(HttpContent? content, string token)
    {
        switch (content)
        {
            case null:
                return new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
            case MultipartFormDataContent multipart:
                multipart.Add(new StringContent(token), "__RequestVerificationToken");
                return multipart;
            default:
                var form = await content.ReadAsStringAsync();
                return new StringContent($"{form}&__RequestVerificationToken={Uri.EscapeDataString(token)}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        }
    }

    /// The user's client: an API token for the APIs, a signed-in browser with its form token for pages; one each, shared.
    private async Task<(HttpClient Client, string? Token)> ClientAsync(AccessRow row, string user)
    {
        if (!row.IsPage)
        {
            var key = $"api|{user}";
            if (app.Shared.TryGetValue(key, out var found))
            {
                return ((HttpClient)found, null);
            }
            var client = user == "anonymous" ? app.CreateClient() : await app.WithTokenAsync(user);
            app.Shared[key] = client;
            return (client, null);
        }
        var pageKey = $"page|{user}";
        if (app.Shared.TryGetValue(pageKey, out var signedIn))
        {
            var (c, t) = ((HttpClient, string))signedIn;
            return (c, t);
        }
        var browser = user == "anonymous"
            ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
            : await app.SignedInAsync(user);
        var token = StaffClient.AntiforgeryToken(await browser.GetStringAsync(user == "anonymous" ? "/feedback" : "/admin/tokens"));
        app.Shared[pageKey] = (browser, token);
        return (browser, token);
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Placeholder();

    // ── The app's real endpoints ──────────────────────────────────────────────────────────────────────────

    private static readonly string[] WriteMethods = ["POST", "PUT", "DELETE", "PATCH"];

    /// What a row stands for, placeholders' names and constraints left out: the same shape as the real endpoint's.
    private static string Shape(AccessRow row) =>
        row.IsPage ? $"PAGE {Normalize(row.Route)} {(row.Handler!.Length == 0 ? "(OnPost)" : row.Handler)}" : $"{row.Method} {Normalize(row.Route)}";

    private static string Normalize(string template)
    {
        var t = "/" + AnyPlaceholder().Replace(template, "{}").Trim('/');
        return t == "/" ? t : t.TrimEnd('/');
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex AnyPlaceholder();

    private async Task<HashSet<string>> RealWritesAsync()
    {
        var real = new HashSet<string>(StringComparer.Ordinal);
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
                {
                    real.Add($"PAGE {Normalize(page.AttributeRouteInfo?.Template ?? page.ViewEnginePath)} {handler.Name ?? "(OnPost)"}");
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            var route = Normalize(endpoint.RoutePattern.RawText ?? "");
            foreach (var method in methods.Intersect(WriteMethods, StringComparer.OrdinalIgnoreCase))
            {
                if (route is "/api/3/action/{}" or "/api/action/{}")
                {
                    // One endpoint for every CKAN action; the write actions are the ones GET may not call.
                    foreach (var action in CkanActions.All.Values.Where(a => !a.SideEffectFree))
                    {
                        real.Add($"POST /api/3/action/{action.Name}");
                    }
                    continue;
                }
                real.Add($"{method} {route}");
            }
        }
        return real;
    }
}
