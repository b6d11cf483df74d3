using System.Net;
using System.Text;
using Kaifang.Catalog;
using Kaifang.Interop.Dcat;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Dcat;

/// The DCAT endpoints over HTTP, on the demo catalog, checked with rapper and jsonld.js.
public sealed class DcatEndpointsTests(DemoCatalogAppFactory app) : IClassFixture<DemoCatalogAppFactory>
{
    private const string Base = "http://localhost";

    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_three_syntaxes_carry_the_same_graph_as_real_parsers_read_it()
    {
        var turtle = await GetAsync("/catalog.ttl", "text/turtle");
        var rdfXml = await GetAsync("/catalog.rdf", "application/rdf+xml");
        var jsonLd = await GetAsync("/catalog.jsonld", "application/ld+json");

        var fromTurtle = await RdfTools.RapperAsync(turtle, "turtle");
        var fromRdfXml = await RdfTools.RapperAsync(rdfXml, "rdfxml");
        var fromJsonLd = await RdfTools.JsonLdAsync(jsonLd);

        Assert.True(fromTurtle.Count > 1000, $"only {fromTurtle.Count} triples");
        Assert.Equal(fromTurtle.Count, fromRdfXml.Count);
        Assert.Equal(fromTurtle.Count, fromJsonLd.Count);
        // rapper writes both in the same N-Triples form, so the triples without blank nodes must match exactly,
        // apart from the paging links, which name each syntax's own address.
        static IReadOnlySet<string> WithoutPaging(IEnumerable<string> lines) =>
            RdfTools.Grounded(lines.Where(l => !l.Contains(Hydra.Namespace, StringComparison.Ordinal)));
        Assert.Equal(WithoutPaging(fromTurtle), WithoutPaging(fromRdfXml));
        // And Kaifang's own readers see the same number of triples.
        Assert.Equal(fromTurtle.Count, DcatCatalogReader.Parse(Encoding.UTF8.GetBytes(turtle), RdfSyntax.Turtle).Count);
        Assert.Equal(fromTurtle.Count, DcatCatalogReader.Parse(Encoding.UTF8.GetBytes(rdfXml), RdfSyntax.RdfXml).Count);
        Assert.Equal(fromTurtle.Count, DcatCatalogReader.Parse(Encoding.UTF8.GetBytes(jsonLd), RdfSyntax.JsonLd).Count);
    }

    [Fact]
    public async Task Pages_hold_a_hundred_datasets_with_hydra_links_between_them()
    {
        var published = await app.WithDbAsync(db => db.Datasets.CountAsync(d => d.Status == DatasetStatus.Published));
        var last = (published + 99) / 100;
        Assert.True(last >= 3, "the demo catalog should span at least three pages");

        var first = await RdfTools.RapperAsync(await GetAsync("/catalog.ttl", "text/turtle"), "turtle");
        Assert.Equal(100, first.Count(l => l.EndsWith($"<{DcatTerms.DatasetProperty}> <", StringComparison.Ordinal) || l.Contains($"<{DcatTerms.DatasetProperty}> <", StringComparison.Ordinal)));
        Assert.Contains($"<{Base}/catalog.ttl?page=1> <{Hydra.TotalItems}> \"{published}\"^^<{Xsd.NonNegativeInteger}> .", first);
        Assert.Contains($"<{Base}/catalog.ttl?page=1> <{Rdf.Type}> <{Hydra.PartialCollectionView}> .", first);
        Assert.Contains($"<{Base}/catalog.ttl?page=1> <{Hydra.First}> <{Base}/catalog.ttl?page=1> .", first);
        Assert.Contains($"<{Base}/catalog.ttl?page=1> <{Hydra.Next}> <{Base}/catalog.ttl?page=2> .", first);
        Assert.Contains($"<{Base}/catalog.ttl?page=1> <{Hydra.Last}> <{Base}/catalog.ttl?page={last}> .", first);
        Assert.DoesNotContain(first, l => l.Contains(Hydra.Previous, StringComparison.Ordinal));

        var lastPage = await RdfTools.RapperAsync(await GetAsync($"/catalog.ttl?page={last}", "text/turtle"), "turtle");
        Assert.Contains($"<{Base}/catalog.ttl?page={last}> <{Hydra.Previous}> <{Base}/catalog.ttl?page={last - 1}> .", lastPage);
        Assert.DoesNotContain(lastPage, l => l.Contains(Hydra.Next, StringComparison.Ordinal));
        Assert.Equal(published - (last - 1) * 100, lastPage.Count(l => l.Contains($"<{DcatTerms.DatasetProperty}> <", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_harvester_walking_the_next_links_reads_every_published_dataset_once()
    {
        var published = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => d.Identifier).ToListAsync());
        var seen = new List<string>();
        Uri? next = new($"{Base}/catalog.jsonld");
        while (next is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(await GetAsync(next.PathAndQuery, "application/ld+json"));
            var page = DcatCatalogReader.Read(bytes, DcatCatalogReader.Detect("application/ld+json", bytes)!.Value, next);
            Assert.Equal(published.Count, page.TotalItems);
            seen.AddRange(page.Datasets.Select(d => d.Identifier!));
            next = page.NextPage;
        }
        Assert.Equal(published.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Modified_since_keeps_the_datasets_changed_since_then_and_the_paging_links_keep_it()
    {
        var since = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var expected = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => d.MetadataModifiedAt).ToListAsync());
        var count = expected.Count(m => m >= since);

        var page = Read(await GetAsync("/catalog.ttl?modified_since=2024-01-01T00:00:00Z", "text/turtle"), RdfSyntax.Turtle);

        Assert.Equal(count, page.TotalItems);
        Assert.All(page.Datasets, d => Assert.True(d.Modified >= since, $"{d.Identifier} was modified {d.Modified}"));
        if (count > 100)
        {
            Assert.Equal($"{Base}/catalog.ttl?modified_since=2024-01-01T00%3A00%3A00Z&page=2", page.NextPage!.AbsoluteUri);
        }
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01")]
    [InlineData("01/02/2024")]
    public async Task An_invalid_modified_since_is_a_400_that_says_what_is_expected(string value)
    {
        var response = await _client.GetAsync($"/catalog.ttl?modified_since={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("modified_since must be an ISO 8601 date", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_is_not_a_number_is_a_400()
    {
        var response = await _client.GetAsync("/catalog.ttl?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Q_narrows_the_catalog_to_matching_datasets()
    {
        var all = Read(await GetAsync("/catalog.ttl", "text/turtle"), RdfSyntax.Turtle);
        var found = Read(await GetAsync("/catalog.ttl?q=" + Uri.EscapeDataString("勞工保險"), "text/turtle"), RdfSyntax.Turtle);

        Assert.InRange(found.TotalItems!.Value, 1, all.TotalItems!.Value - 1);
        Assert.Contains(found.Datasets, d => d.Title!.Contains("勞工保險", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/turtle", "text/turtle")]
    [InlineData("application/rdf+xml", "application/rdf+xml")]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/ld+json;q=0.5, text/turtle", "text/turtle")]
    [InlineData("*/*", "text/turtle")]
    public async Task Catalog_negotiates_the_rdf_syntax_from_accept(string accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/catalog");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        var content = await response.Content.ReadAsStringAsync();
        var page = Read(content, RdfSyntaxes.FromMediaType(expected)!.Value);
        Assert.Equal(100, page.Datasets.Count);
        Assert.StartsWith($"{Base}/catalog?page=2", page.NextPage!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_asking_for_the_catalog_is_sent_to_the_dataset_search()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/catalog");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/datasets", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("text/turtle")]
    [InlineData("application/rdf+xml")]
    [InlineData("application/ld+json")]
    public async Task The_dataset_page_answers_in_rdf_when_asked_and_varies_by_accept(string accept)
    {
        var name = await PublishedNameAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{name}");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(accept, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Contains("Accept", response.Headers.Vary);
        var dataset = Assert.Single(Read(await response.Content.ReadAsStringAsync(), RdfSyntaxes.FromMediaType(accept)!.Value).Datasets);
        Assert.Equal($"{Base}/datasets/{name}#dataset", dataset.SourceIri);
    }

    [Fact]
    public async Task The_dataset_page_stays_html_for_browsers_and_still_says_it_varies()
    {
        var name = await PublishedNameAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{name}");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/dataset/no-such-dataset.ttl")]
    [InlineData("/dataset/no-such-dataset.jsonld")]
    [InlineData("/dataset/{published}.pdf")]
    [InlineData("/dataset/{draft}.ttl")]
    [InlineData("/dataset/{withdrawn}.rdf")]
    public async Task Unknown_unpublished_or_unsupported_datasets_are_404(string path)
    {
        var published = await PublishedNameAsync();
        var draft = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Draft).Select(d => d.Name).FirstAsync());
        var withdrawn = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Withdrawn).Select(d => d.Name).FirstAsync());
        var url = path.Replace("{published}", published, StringComparison.Ordinal).Replace("{draft}", draft, StringComparison.Ordinal)
            .Replace("{withdrawn}", withdrawn, StringComparison.Ordinal);

        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_draft_is_not_in_the_catalog()
    {
        var draft = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Draft).Select(d => d.Identifier).FirstAsync());
        var page = Read(await GetAsync("/catalog.ttl?q=" + Uri.EscapeDataString(draft), "text/turtle"), RdfSyntax.Turtle);
        Assert.DoesNotContain(page.Datasets, d => d.Identifier == draft);
    }

    [Fact]
    public async Task Texts_carry_language_tags_and_frequencies_use_the_eu_vocabulary()
    {
        var dataset = await app.WithDbAsync(db => db.Datasets.AsNoTracking().FirstAsync(d => d.Status == DatasetStatus.Published && d.TitleEn != null));
        var triples = await RdfTools.RapperAsync(await GetAsync($"/dataset/{dataset.Name}.ttl", "text/turtle"), "turtle");
        var subject = $"<{Base}/datasets/{dataset.Name}#dataset>";

        Assert.Contains($"{subject} <{Dct.Title}> \"{Escape(dataset.Title)}\"@zh-TW .", triples);
        Assert.Contains($"{subject} <{Dct.Title}> \"{Escape(dataset.TitleEn!)}\"@en .", triples);
        Assert.Contains($"{subject} <{Dct.Identifier}> \"{dataset.Identifier}\" .", triples);
        Assert.Contains($"{subject} <{Dct.AccrualPeriodicity}> <{EuVocabularies.FrequencyIri(dataset.UpdateFrequency)}> .", triples);
        Assert.Contains($"{subject} <{DcatTerms.LandingPage}> <{Base}/datasets/{dataset.Name}> .", triples);
        Assert.Contains($"{subject} <{Dct.License}> <https://data.gov.tw/license> .", triples);
        Assert.Contains($"{subject} <{Dct.AccessRights}> <{EuVocabularies.Public}> .", triples);
        Assert.All(triples.Where(t => t.Contains($"<{DcatTerms.Keyword}>", StringComparison.Ordinal)), t => Assert.EndsWith("@zh-TW .", t, StringComparison.Ordinal));
        Assert.Contains(triples, t => t.StartsWith(subject, StringComparison.Ordinal) && t.Contains($"<{Dct.Modified}> \"", StringComparison.Ordinal) && t.EndsWith($"Z\"^^<{Xsd.DateTime}> .", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, FrequencyUnit.Month, "MONTHLY")]
    [InlineData(1, FrequencyUnit.Year, "ANNUAL")]
    [InlineData(3, FrequencyUnit.Month, "QUARTERLY")]
    [InlineData(1, FrequencyUnit.Day, "DAILY")]
    [InlineData(2, FrequencyUnit.Week, "BIWEEKLY")]
    [InlineData(5, FrequencyUnit.Day, "OTHER")]
    public void Update_frequencies_map_to_eu_frequency_iris(int interval, FrequencyUnit unit, string code) =>
        Assert.Equal($"http://publications.europa.eu/resource/authority/frequency/{code}", EuVocabularies.FrequencyIri(UpdateFrequency.Every(interval, unit)));

    [Fact]
    public void Irregular_and_real_time_have_their_own_eu_codes()
    {
        Assert.EndsWith("/IRREG", EuVocabularies.FrequencyIri(UpdateFrequency.Irregular), StringComparison.Ordinal);
        Assert.EndsWith("/UPDATE_CONT", EuVocabularies.FrequencyIri(UpdateFrequency.RealTime), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploaded_files_have_download_urls_byte_sizes_and_sha256_checksums()
    {
        var dataset = await app.WithDbAsync(db => db.Datasets.AsNoTracking().Include(d => d.Resources)
            .FirstAsync(d => d.Status == DatasetStatus.Published && d.Resources.Any(r => r.FileHash != null)));
        var resource = dataset.Resources.First(r => r.FileHash != null);
        var triples = await RdfTools.RapperAsync(await GetAsync($"/dataset/{dataset.Name}.rdf", "application/rdf+xml"), "rdfxml");
        var distribution = $"<{Base}/datasets/{dataset.Name}#resource-{resource.Id}>";

        Assert.Contains($"{distribution} <{DcatTerms.DownloadUrl}> <{Base}/datasets/{dataset.Name}/resources/{resource.Id}/download> .", triples);
        Assert.Contains($"{distribution} <{DcatTerms.ByteSize}> \"{resource.Size}\"^^<{Xsd.NonNegativeInteger}> .", triples);
        Assert.Contains($"{distribution} <{Dct.Format}> <{EuVocabularies.FileTypeIri(resource.Format)}> .", triples);
        Assert.Contains($"{distribution} <{DcatTerms.MediaType}> <http://www.iana.org/assignments/media-types/{resource.MediaType}> .", triples);
        var checksum = Assert.Single(triples, t => t.StartsWith(distribution + $" <{Spdx.ChecksumProperty}> ", StringComparison.Ordinal)).Split(' ')[2];
        Assert.Contains($"{checksum} <{Spdx.Algorithm}> <{Spdx.Sha256}> .", triples);
        Assert.Contains($"{checksum} <{Spdx.ChecksumValue}> \"{resource.FileHash!.ToLowerInvariant()}\"^^<{Xsd.HexBinary}> .", triples);
        Assert.Contains($"{checksum} <{Rdf.Type}> <{Spdx.Checksum}> .", triples);
    }

    [Theory]
    [InlineData("ttl", RdfSyntax.Turtle)]
    [InlineData("rdf", RdfSyntax.RdfXml)]
    [InlineData("jsonld", RdfSyntax.JsonLd)]
    public async Task The_reader_reads_back_a_dataset_without_loss(string extension, RdfSyntax syntax)
    {
        // Values that test the writers: quotes, a newline, a backslash, an extension in the phone number.
        var name = await PublishedNameAsync();
        await app.WithDbAsync(async db =>
        {
            var d = await db.Datasets.SingleAsync(x => x.Name == name);
            d.TitleEn = "Insured \"units\" by county";
            d.DescriptionEn = "Line one,\nline two \\ with a backslash.";
            d.ContactPhone = "02-2396 1266#1234";
            d.ContactEmail = "open.data@bli.gov.tw";
            d.Keywords = ["勞保", "投保單位", "county stats"];
            await db.SaveChangesAsync();
            return 0;
        });
        var expected = await app.WithDbAsync(db => db.Datasets.AsNoTracking().Include(d => d.Agency).Include(d => d.Resources).SingleAsync(d => d.Name == name));

        var content = await GetAsync($"/dataset/{name}.{extension}", syntax.MediaType());
        var read = Assert.Single(DcatCatalogReader.Read(Encoding.UTF8.GetBytes(content), syntax).Datasets);

        Assert.Equal(expected.Identifier, read.Identifier);
        Assert.Equal(expected.Title, read.Title);
        Assert.Equal(expected.TitleEn, read.TitleEn);
        Assert.Equal(expected.Description, read.Description);
        Assert.Equal(expected.DescriptionEn, read.DescriptionEn);
        Assert.Equal(expected.Keywords, read.Keywords);
        Assert.Equal(expected.Agency!.Name, read.PublisherName);
        Assert.Equal(expected.Agency.NameEn, read.PublisherNameEn);
        Assert.Equal(expected.ContactName, read.ContactName);
        Assert.Equal(expected.ContactEmail, read.ContactEmail);
        Assert.Equal(expected.ContactPhone, read.ContactPhone);
        Assert.Equal(expected.UpdateFrequency, read.UpdateFrequency);
        Assert.Equal(Licenses.Find(expected.License)!.Url, read.LicenseUrl);
        Assert.Equal(expected.FirstPublishedAt, read.Issued);
        Assert.Equal(expected.MetadataModifiedAt, read.Modified);
        Assert.Equal([$"{Base}/themes/{expected.ServiceCategory}"], read.Themes);
        Assert.Equal($"{Base}/datasets/{name}", read.LandingPage);
        var resources = expected.Resources.OrderBy(r => r.Position).ToList();
        Assert.Equal(resources.Count, read.Distributions.Count);
        for (var i = 0; i < resources.Count; i++)
        {
            var r = resources[i];
            var d = read.Distributions[i];
            Assert.Equal(r.Identifier, d.Identifier);
            Assert.Equal(r.Name, d.Title);
            Assert.Equal(r.Description, d.Description);
            Assert.Equal(ResourceLinks.UrlOf(Base, expected, r), d.AccessUrl);
            Assert.Equal(r.IsUpload ? ResourceLinks.DownloadUrl(Base, expected, r) : null, d.DownloadUrl);
            Assert.Equal(r.Format, d.Format);
            Assert.Equal(r.MediaType ?? ResourceFormats.MediaTypeOf(r.Format), d.MediaType);
            Assert.Equal(r.Size, d.ByteSize);
            Assert.Equal(r.FileHash?.ToLowerInvariant(), d.Checksum);
            Assert.Equal(r.FileHash is null ? null : "sha256", d.ChecksumAlgorithm);
            Assert.Equal(r.ModifiedAt, d.Modified);
        }
    }

    private async Task<string> PublishedNameAsync() =>
        await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published && d.Resources.Any(r => r.FileHash != null))
            .OrderBy(d => d.Identifier).Select(d => d.Name).FirstAsync());

    private async Task<string> GetAsync(string path, string expectedType)
    {
        var response = await _client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        Assert.Equal(expectedType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static HarvestedCatalogPage Read(string content, RdfSyntax syntax) =>
        DcatCatalogReader.Read(Encoding.UTF8.GetBytes(content), syntax, new Uri(Base + "/"));

    /// N-Triples as rapper writes it: non-ASCII as \uXXXX, quotes and backslashes escaped.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when c > 0x7E => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

}
