using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Kaifang.Catalog;
using Kaifang.Interop.Dcat;

namespace Kaifang.Interop.Harvesting;

/// Harvests a DCAT catalog (Turtle, RDF/XML or JSON-LD), following its Hydra "next" pages. A DCAT
/// catalog cannot be asked for changes only, so every run reads it whole and leaves alone the
/// datasets whose dct:modified has not moved; datasets no longer in it are withdrawn.
public sealed class DcatHarvestProtocol(IHttpClientFactory http) : IHarvestProtocol
{
    /// More pages than this is a catalog that pages in a circle, or one too big to read whole.
    public const int MaxPages = 5_000;

    public const string Accept = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, */*;q=0.1";

    private readonly ConcurrentDictionary<Guid, IReadOnlySet<string>> _lastCatalog = new();

    public HarvestSourceKind Kind => HarvestSourceKind.Dcat;

    public async IAsyncEnumerable<HarvestItem> GatherAsync(HarvestSource source, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        _lastCatalog.TryRemove(source.Id, out _);
        var client = http.CreateClient(Harvesting.HttpClientName);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Uri? next = new(source.Url);
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri) || visited.Count > MaxPages)
            {
                throw new HarvestSourceException($"{source.Url} pages in a circle or past {MaxPages} pages (at {next}); nothing was withdrawn.");
            }
            var page = await ReadPageAsync(client, next, cancellationToken);
            if (visited.Count == 1 && page.Datasets.Count == 0 && page.TotalItems is null)
            {
                // JSON that is not JSON-LD reads as an empty graph: say so rather than report an empty catalog.
                throw new HarvestSourceException($"{next} holds no dcat:Dataset; is it a DCAT catalog?");
            }
            foreach (var dataset in page.Datasets)
            {
                var item = Read(dataset);
                ids.Add(item.Record);
                yield return item;
            }
            next = page.NextPage;
        }
        _lastCatalog[source.Id] = ids;
    }

    public Task<IReadOnlySet<string>?> RemoteIdsAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Task.FromResult(_lastCatalog.TryRemove(source.Id, out var ids) ? ids : null);
    }

    private static async Task<HarvestedCatalogPage> ReadPageAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var (body, contentType) = await Harvesting.GetBytesAsync(client, url.AbsoluteUri, Accept, cancellationToken);
        var syntax = DcatCatalogReader.Detect(contentType, body)
            ?? throw new HarvestSourceException($"{url} answered {contentType ?? "something"} that is neither Turtle, RDF/XML nor JSON-LD; is it a DCAT catalog?");
        try
        {
            return DcatCatalogReader.Read(body, syntax, url);
        }
        catch (RdfSyntaxException e)
        {
            throw new HarvestSourceException($"{url} is not readable {syntax}: {e.Message}", e);
        }
    }

    /// A dcat:Dataset in harvest terms: its IRI is its id at the source.
    public static HarvestItem Read(HarvestedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var remoteId = dataset.SourceIri;
        var identifier = dataset.Identifier?.Trim();
        var license = dataset.LicenseUrl is { } url ? Licenses.All.FirstOrDefault(l => string.Equals(l.Url, url, StringComparison.OrdinalIgnoreCase))?.Title ?? url : null;
        var record = new HarvestedRecord
        {
            RemoteId = remoteId,
            Identifier = identifier is { Length: > 0 and <= 40 } && !identifier.Contains("://", StringComparison.Ordinal) ? identifier : null,
            OrganizationTitle = dataset.PublisherName ?? dataset.PublisherNameEn,
            RemoteModifiedAt = dataset.Modified,
            FirstPublishedAt = dataset.Issued,
            Input = new DatasetInput
            {
                Title = dataset.Title ?? dataset.TitleEn,
                TitleEn = dataset.TitleEn,
                Description = dataset.Description ?? dataset.DescriptionEn,
                DescriptionEn = dataset.DescriptionEn,
                Keywords = dataset.Keywords,
                ServiceCategory = dataset.Themes.Select(ThemeCode).FirstOrDefault(c => c is not null && ServiceCategories.Find(c) is not null)
                    ?? (dataset.Themes.Count > 0 ? dataset.Themes[0] : null),
                UpdateFrequency = dataset.UpdateFrequency?.ToString() ?? dataset.Frequency,
                License = license,
                ContactName = dataset.ContactName,
                ContactEmail = dataset.ContactEmail,
                ContactPhone = dataset.ContactPhone,
            },
            Resources = [.. dataset.Distributions.Select((d, i) => new HarvestedResource(new ResourceInput
            {
                Name = d.Title,
                Description = d.Description,
                Format = d.Format ?? d.MediaType,
                Url = d.DownloadUrl ?? d.AccessUrl,
            })
            {
                Identifier = d.Identifier,
                Size = d.ByteSize,
                MediaType = d.MediaType,
            })],
        };
        return HarvestItem.Read(record);
    }

    /// A theme IRI's last segment (Kaifang writes …/themes/500), upper-cased like the category codes.
    private static string? ThemeCode(string iri)
    {
        var slash = iri.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? null : iri[(slash + 1)..].ToUpperInvariant();
    }
}
