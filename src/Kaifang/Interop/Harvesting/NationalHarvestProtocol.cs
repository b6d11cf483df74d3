using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Sylvan.Data.Csv;

namespace Kaifang.Interop.Harvesting;

/// Harvests the national platform's dataset list ("export all datasets", its Chinese column
/// names, as CSV or as a JSON array) from a URL. The list is always whole: every run reads it, and records whose
/// 詮釋資料更新時間 has not moved are left alone; identifiers missing from it are withdrawn.
public sealed class NationalHarvestProtocol(IHttpClientFactory http) : IHarvestProtocol
{
    /// The identifiers of the last list read whole, per source, for RemoteIdsAsync in the same run.
    private readonly ConcurrentDictionary<Guid, IReadOnlySet<string>> _lastList = new();

    public HarvestSourceKind Kind => HarvestSourceKind.NationalPlatform;

    public async IAsyncEnumerable<HarvestItem> GatherAsync(HarvestSource source, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        _lastList.TryRemove(source.Id, out _);
        var body = (await Harvesting.GetAsync(http.CreateClient(Harvesting.HttpClientName), source.Url, cancellationToken)).TrimStart('\uFEFF');
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(source, body, cancellationToken))
        {
            if (row.Record is not { } record)
            {
                yield return HarvestItem.Failed($"row {row.Number}", $"Row {row.Number}: {row.Error}.");
                continue;
            }
            ids.Add(record.Identifier);
            yield return HarvestItem.Read(ToHarvested(record));
        }
        _lastList[source.Id] = ids;
    }

    /// The list's rows, from its JSON form (an array of objects) or its CSV form.
    private static async IAsyncEnumerable<NationalListRow> RowsAsync(HarvestSource source, string body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (body.AsSpan().TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            List<JsonElement> objects;
            try
            {
                using var document = JsonDocument.Parse(body);
                objects = [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
            }
            catch (JsonException e)
            {
                throw new HarvestSourceException($"{source.Url} is not valid JSON: {e.Message}", e);
            }
            if (objects.FirstOrDefault() is { ValueKind: JsonValueKind.Object } first)
            {
                RequireColumns(source, [.. first.EnumerateObject().Select(p => NationalColumns.Canonical(p.Name))]);
            }
            foreach (var row in NationalListRows.FromJson(objects))
            {
                yield return row;
            }
            yield break;
        }

        using var text = new StringReader(body);
        await using var reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 16 * 1024 * 1024 }, cancellationToken);
        var headers = Enumerable.Range(0, reader.FieldCount).Select(i => NationalColumns.Canonical(reader.GetName(i))).ToList();
        RequireColumns(source, headers);
        await foreach (var row in NationalListRows.FromCsvAsync(reader, headers, cancellationToken))
        {
            yield return row;
        }
    }

    private static void RequireColumns(HarvestSource source, List<string> headers)
    {
        try
        {
            NationalListRows.RequireColumns(headers);
        }
        catch (InvalidDataException e)
        {
            throw new HarvestSourceException($"{source.Url}: {e.Message}", e);
        }
    }

    public Task<IReadOnlySet<string>?> RemoteIdsAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Task.FromResult(_lastList.TryRemove(source.Id, out var ids) ? ids : null);
    }

    /// A row of the list in harvest terms: the identifier is the record's id and its name.
    public static HarvestedRecord ToHarvested(NationalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new HarvestedRecord
        {
            RemoteId = record.Identifier,
            Identifier = record.Identifier,
            Name = record.Identifier.ToLowerInvariant(),
            OrganizationTitle = record.AgencyName,
            RemoteModifiedAt = record.MetadataModifiedAt,
            FirstPublishedAt = record.FirstPublishedAt,
            QualityMark = record.QualityMark,
            Input = new DatasetInput
            {
                Title = record.Title,
                Description = record.Description,
                Agency = record.OrganisationCode,
                ProvisionType = record.ProvisionType,
                ServiceCategory = record.ServiceCategory,
                MainFieldsDescription = record.MainFields,
                UpdateFrequency = record.UpdateFrequency.ToString(),
                License = record.License,
                RelatedUrl = record.RelatedUrl,
                Fee = record.Fee == FeeKind.Free ? "免費" : "付費",
                FeeBasis = record.FeeBasis,
                ContactName = record.ContactName,
                ContactPhone = record.ContactPhone,
                Notes = record.Notes,
                DataVolume = record.DataVolume,
                ListingMethod = record.ListingMethod,
                ExtraFields = record.Extra,
            },
            Resources = [.. record.Resources.Select(r => new HarvestedResource(new ResourceInput
            {
                Name = $"{record.Title}（{r.Format}）",
                Format = r.Format,
                Url = r.Url,
                Encoding = r.Encoding,
            }) { Identifier = r.Identifier })],
        };
    }
}
