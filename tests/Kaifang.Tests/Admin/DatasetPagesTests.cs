using System.Net;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Admin;

public sealed class DatasetPagesTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task The_back_office_asks_the_public_to_sign_in()
    {
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/admin/datasets");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var token = StaffClient.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "bli-officer", ["Password"] = "wrong-password", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("帳號或密碼不正確", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_new_dataset_form_shows_each_problem_next_to_its_field_and_saves_nothing()
    {
        var client = await app.SignedInAsync("bli-officer");
        var token = StaffClient.AntiforgeryToken(await client.GetStringAsync("/admin/datasets/new"));
        var before = await app.WithDbAsync(db => db.Datasets.CountAsync());
        var response = await client.PostAsync("/admin/datasets/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Title"] = "",
            ["Form.Agency"] = "BLI",
            ["Form.ContactPhone"] = "call me",
            ["Form.UpdateFrequency"] = "每1月",
            ["Form.ServiceCategory"] = "500",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"title-error\"", html);
        Assert.Contains("請填寫資料集名稱", html);
        Assert.Contains("id=\"contactPhone-error\"", html);
        Assert.Contains("aria-describedby=\"title-error\"", html);
        Assert.Equal(before, await app.WithDbAsync(db => db.Datasets.CountAsync()));
    }

    [Fact]
    public async Task An_officer_creates_a_draft_through_the_form()
    {
        var client = await app.SignedInAsync("wda-officer");
        var token = StaffClient.AntiforgeryToken(await client.GetStringAsync("/admin/datasets/new"));
        var response = await client.PostAsync("/admin/datasets/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Title"] = "就業服務站據點",
            ["Form.Description"] = "全國就業中心與就業服務站之名稱、地址與電話。",
            ["Form.Agency"] = "WDA",
            ["Form.ServiceCategory"] = "500",
            ["Form.MainFieldsDescription"] = "名稱、地址、電話",
            ["Form.UpdateFrequency"] = "每1月",
            ["Form.ContactName"] = "林小姐",
            ["Form.ContactPhone"] = "02-89956000",
            ["Form.Fee"] = "免費",
            ["Form.Keywords"] = "就業服務站、就業中心",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("就業服務站據點", page);
        Assert.Contains("A17020000J-", page);
        var keywords = await app.WithDbAsync(db => db.Datasets.Where(d => d.Title == "就業服務站據點").Select(d => d.Keywords).SingleAsync());
        Assert.Equal(["就業服務站", "就業中心"], keywords);
    }

    [Fact]
    public async Task An_officer_of_BLI_cannot_open_an_OSHA_draft()
    {
        var osha = await app.WithTokenAsync("osha-officer");
        var name = await osha.CreateDraftAsync("OSHA", "職業災害統計");
        var bli = await app.SignedInAsync("bli-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await bli.GetAsync($"/admin/datasets/{name}")).StatusCode);
        var ministry = await app.SignedInAsync("mol-officer");
        Assert.Equal(HttpStatusCode.OK, (await ministry.GetAsync($"/admin/datasets/{name}")).StatusCode);
    }
}
