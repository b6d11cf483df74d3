using System.Net;
using System.Net.Http.Headers;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Accounts;

/// What lets a person behind a load balancer land on any node: the keys that sign cookies and antiforgery tokens,
/// and the uploaded files, are shared by the nodes of an installation.
public sealed class SeveralNodesAccountsTests : IDisposable
{
    private readonly KaifangAppFactory _a = new();
    private readonly KaifangAppFactory _b;

    public SeveralNodesAccountsTests() => _b = KaifangAppFactory.SecondNode(_a);

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    /// A browser's client without its own cookie jar: the test carries the cookies from node to node.
    private static HttpClient Browser(KaifangAppFactory node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';', 2)[0]) : [];

    private static HttpRequestMessage Request(HttpMethod method, string path, IEnumerable<string> cookies, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        return request;
    }

    [Fact]
    public async Task A_sign_in_form_from_one_node_is_accepted_by_the_other_and_its_cookie_works_on_both()
    {
        using var onA = Browser(_a);
        using var onB = Browser(_b);

        // The form (and its antiforgery cookie) from node A, posted to node B.
        using var form = await onA.GetAsync("/account/login");
        var cookies = CookiesOf(form).ToList();
        var token = StaffClient.AntiforgeryToken(await form.Content.ReadAsStringAsync());
        using var signIn = await onB.SendAsync(Request(HttpMethod.Post, "/account/login", cookies, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "bli-officer",
            ["Password"] = KaifangAppFactory.StaffPassword,
            ["__RequestVerificationToken"] = token,
        })));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies.AddRange(CookiesOf(signIn));

        // The sign-in made by node B opens the back office on node A as on node B.
        foreach (var node in new[] { onA, onB })
        {
            using var admin = await node.SendAsync(Request(HttpMethod.Get, "/admin", cookies));
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }
        // Without the cookie, the back office asks for a sign-in.
        using var anonymous = await onA.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_file_uploaded_through_one_node_is_downloaded_from_the_other()
    {
        var officer = await _a.WithTokenAsync("bli-officer");
        var content = "代碼,名稱\n1,甲\n"u8.ToArray();
        var name = await officer.CreateDraftAsync("BLI", "跨節點上傳的名冊");
        var resource = await officer.UploadAsync(name, "roster.csv", content);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);

        using var download = await Browser(_b).GetAsync($"/datasets/{name}/resources/{resource}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(new MediaTypeHeaderValue("text/csv").MediaType, download.Content.Headers.ContentType?.MediaType);
    }
}
