using System.Net;
using System.Net.Http.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Accounts;

/// Every role × agency × catalog action, over HTTP with each seeded account's API token.
/// MOL is the root of the tree; BLI and OSHA are siblings under it (ACTION-PLAN S1, S8).
public sealed class AuthorizationMatrixTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    public static readonly string[] Users = ["admin", "reviewer", "mol-admin", "mol-officer", "bli-admin", "bli-officer", "osha-officer"];
    public static readonly string[] Agencies = ["MOL", "BLI", "OSHA"];
    public static readonly string[] Actions = ["create", "update", "add-resource", "publish", "withdraw", "remove-resource", "replace-file", "delete"];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var user in Users)
        {
            foreach (var agency in Agencies)
            {
                foreach (var action in Actions)
                {
                    data.Add(user, agency, action);
                }
            }
        }
        return data;
    }

    /// Written out, not derived from the production rule: the system administrator and the
    /// ministry's staff reach every agency; an agency's staff reach only their own.
    private static bool Reaches(string user, string agency) =>
        user is "admin" or "reviewer" || user.StartsWith("mol-", StringComparison.Ordinal) || user.StartsWith(agency.ToLowerInvariant() + "-", StringComparison.Ordinal);

    /// Reviewers change nothing; deleting a draft is for administrators, not officers.
    private static bool MayDo(string user, string action) =>
        user != "reviewer" && (action != "delete" || !user.EndsWith("-officer", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_roles_that_reach_the_agency_may_change_its_catalog(string user, string agency, string action)
    {
        var owner = await app.WithTokenAsync("admin");
        var name = await owner.CreateDraftAsync(agency, $"矩陣測試 {user} {agency} {action}");
        var link = await owner.AddLinkAsync(name);
        var resourceId = (await link.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        await owner.AddLinkAsync(name, "https://www.example.gov.tw/second.json");
        if (action == "withdraw")
        {
            (await owner.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        }

        var client = await app.WithTokenAsync(user);
        var response = action switch
        {
            "create" => await client.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput(agency, "新資料集")),
            "update" => await client.PutAsJsonAsync($"/api/v1/datasets/{name}", ApiClients.SampleInput(agency, "改過的名稱")),
            "add-resource" => await client.AddLinkAsync(name, "https://www.example.gov.tw/third.xml"),
            "publish" => await client.PostAsync($"/api/v1/datasets/{name}/publish", null),
            "withdraw" => await client.PostAsync($"/api/v1/datasets/{name}/withdraw", null),
            "remove-resource" => await client.DeleteAsync($"/api/v1/datasets/{name}/resources/{resourceId}"),
            "delete" => await client.DeleteAsync($"/api/v1/datasets/{name}"),
            "replace-file" => await client.PutAsync($"/api/v1/datasets/{name}/resources/{resourceId}/file",
                new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "new.csv" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        var reaches = Reaches(user, agency);
        if (reaches && MayDo(user, action))
        {
            Assert.True(response.IsSuccessStatusCode, $"{user} should {action} in {agency}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        else if (action == "create" || reaches)
        {
            // A reviewer sees the draft but may not change it, nor an officer delete it; creating elsewhere is simply forbidden.
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            // Out of reach, a draft does not even exist for this user.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        if (!(reaches && MayDo(user, action)) && action != "create")
        {
            var after = await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/datasets/{name}");
            Assert.Equal($"矩陣測試 {user} {agency} {action}", after.GetProperty("title").GetString());
            Assert.Equal(2, after.GetProperty("resources").GetArrayLength());
            Assert.All(after.GetProperty("resources").EnumerateArray(), r => Assert.False(r.GetProperty("isUpload").GetBoolean()));
            Assert.Equal(action == "withdraw" ? "published" : "draft", after.GetProperty("status").GetString());
        }
    }
}
