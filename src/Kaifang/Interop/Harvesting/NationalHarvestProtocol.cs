using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Sylvan.Data.Csv;

namespace Kaifang.Interop.Harvesting;

/// Harvests the national platform's dataset list ("export all datasets", its Chinese column
/// names) from a URL. The list is always whole: every run reads it, and records whose
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
        var body = await Harvesting.GetAsync(http.CreateClient(Harvesting.HttpClientName), source.Url, cancellationToken);
        using var text = new StringReader(body.TrimStart('\uFEFF'));
        CsvDataReader reader;
        try
        {
            reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 16 * 1024 * 1024 }, cancellationToken);
        }
        catch (CsvFormatException e)
        {
            throw new HarvestSourceException($"{source.Url} is not a CSV file: {e.Message}", e);
        }
        await using (reader)
        {
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => NationalColumns.Canonical(reader.GetName(i))).ToList();
            if (!headers.Contains(NationalColumns.Identifier) || !headers.Contains(NationalColumns.Title))
            {
                throw new HarvestSourceException($"{source.Url} has no {NationalColumns.Identifier} and {NationalColumns.Title} columns; is it the national platform's dataset list?");
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var values = new string[headers.Count];
            var row = 1;
            while (await reader.ReadAsync(cancellationToken))
            {
                row++;
                if (reader.RowFieldCount <= 1 && reader.GetString(0).Length == 0)
                {
                    continue;
                }
                if (reader.RowFieldCount != headers.Count)
                {
                    yield return HarvestItem.Failed($"row {row}", $"Row {row} has {reader.RowFieldCount} fields where the header has {headers.Count}.");
                    continue;
                }
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetString(i);
                }
                var record = NationalRecord.Read(headers, values, out var error);
                if (record is null)
                {
                    yield return HarvestItem.Failed($"row {row}", $"Row {row}: {error}.");
                    continue;
                }
                ids.Add(record.Identifier);
                yield return HarvestItem.Read(ToHarvested(record));
            }
            _lastList[source.Id] = ids;
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
