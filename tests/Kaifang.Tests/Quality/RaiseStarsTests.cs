using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Interop.Dcat;
using Kaifang.Tests.Portal;

namespace Kaifang.Tests.Quality;

/// Raising the stars in one action: a CSV copy of a spreadsheet, an RDF rendering of a table, both following their source.
public sealed class RaiseStarsTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private static async Task<string> DownloadAsync(HttpClient client, string dataset, Guid resource) =>
        Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/datasets/{dataset}/resources/{resource}/download")).TrimStart('\uFEFF');

    [Fact]
    public async Task A_spreadsheet_gets_a_CSV_copy_and_an_RDF_rendering_that_follow_it_when_it_is_replaced()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        var dataset = await officer.CreateDraftAsync("BLI", "投保薪資分級表");
        var xlsx = await officer.UploadAsync(dataset, "grades.xlsx", ResourcePreviewTests.Xlsx(["等級", "月投保薪資"], ["1", "29500"], ["2", "30300"]));
        (await officer.PostAsync($"/api/v1/datasets/{dataset}/publish", null)).EnsureSuccessStatusCode();

        var csv = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/datasets/{dataset}/resources/{xlsx}/derived", new { derivation = "csv" }));
        var csvId = csv.GetProperty("id").GetGuid();
        Assert.Equal("CSV", csv.GetProperty("format").GetString());
        Assert.Equal("等級,月投保薪資\r\n1,29500\r\n2,30300\r\n", (await DownloadAsync(officer, dataset, csvId)).ReplaceLineEndings("\r\n"));

        var rdf = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/datasets/{dataset}/resources/{xlsx}/derived", new { derivation = "rdf" }));
        var turtle = await DownloadAsync(officer, dataset, rdf.GetProperty("id").GetGuid());
        var triples = await RdfTools.RapperAsync(turtle, "turtle");
        // Rows are resources with their own URIs; columns are properties; numbers are typed.
        Assert.Contains(triples, t => t.Contains("/row/2>", StringComparison.Ordinal) && t.Contains("\"30300\"^^<http://www.w3.org/2001/XMLSchema#integer>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains("/column/%E7%AD%89%E7%B4%9A>", StringComparison.Ordinal) && t.Contains("csvw#name", StringComparison.Ordinal) && t.Contains("\\u7B49\\u7D1A", StringComparison.Ordinal));

        // Asked twice: refused, the copy exists. A PDF: refused with the reason.
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/v1/datasets/{dataset}/resources/{xlsx}/derived", new { derivation = "csv" })).StatusCode);
        var pdf = await officer.UploadAsync(dataset, "說明.pdf", "%PDF-1.4\n"u8.ToArray());
        var refused = await officer.PostAsJsonAsync($"/api/v1/datasets/{dataset}/resources/{pdf}/derived", new { derivation = "csv" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("XLS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var other = await _app.WithTokenAsync("wda-officer");
        // Another agency's officer is told no more than that there is no such resource of theirs, as for any other edit.
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/datasets/{dataset}/resources/{xlsx}/derived", new { derivation = "rdf" })).StatusCode);

        // The spreadsheet is replaced: its CSV copy and RDF rendering are remade.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(ResourcePreviewTests.Xlsx(["等級", "月投保薪資"], ["1", "29500"], ["2", "30300"], ["3", "31800"]));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "grades.xlsx");
        (await officer.PutAsync($"/api/v1/datasets/{dataset}/resources/{xlsx}/file", form)).EnsureSuccessStatusCode();
        Assert.EndsWith("3,31800", (await DownloadAsync(officer, dataset, csvId)).TrimEnd());
        Assert.Contains("31800", await DownloadAsync(officer, dataset, rdf.GetProperty("id").GetGuid()), StringComparison.Ordinal);
    }
}
