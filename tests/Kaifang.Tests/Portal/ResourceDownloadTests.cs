using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Portal;

public sealed class ResourceDownloadTests(PortalCatalog catalog) : IClassFixture<PortalCatalog>
{
    private readonly HttpClient _client = catalog.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private string CsvUrl => $"/datasets/{PortalCatalog.InsuranceName}/resources/{catalog.InsuranceCsvId}/download";

    [Fact]
    public async Task Download_returns_the_file_with_its_type_name_and_etag()
    {
        var response = await _client.GetAsync(CsvUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PortalCatalog.InsuranceCsv, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("投保薪資分級表.csv", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E6%8A%95", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal($"\"{catalog.InsuranceCsvHash}\"", response.Headers.ETag?.Tag);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
    }

    [Fact]
    public async Task A_range_request_gets_part_of_the_file()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CsvUrl);
        request.Headers.Range = new RangeHeaderValue(0, 9);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(PortalCatalog.InsuranceCsv[..10], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(PortalCatalog.InsuranceCsv.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task The_same_etag_gets_not_modified()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CsvUrl);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{catalog.InsuranceCsvHash}\""));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task An_external_resource_redirects_to_its_url()
    {
        var response = await _client.GetAsync($"/datasets/{PortalCatalog.ExternalName}/resources/{catalog.ExternalResourceId}/download");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://statdb.mol.gov.tw/", response.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task Resources_of_a_draft_or_of_another_dataset_are_not_found()
    {
        var draft = await _client.GetAsync($"/datasets/{PortalCatalog.DraftName}/resources/{catalog.DraftResourceId}/download");
        var mismatched = await _client.GetAsync($"/datasets/{PortalCatalog.Big5Name}/resources/{catalog.InsuranceCsvId}/download");

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mismatched.StatusCode);
    }
}
