using System.Text.RegularExpressions;
using Kaifang.Catalog;

namespace Kaifang.Interop.NationalPlatform;

/// One row of the national platform's export, read and checked, not yet applied to the catalog.
public sealed partial record NationalRecord(
    string Identifier,
    string Title,
    string AgencyName,
    IReadOnlyList<NationalResource> Resources,
    IReadOnlyDictionary<string, string> Extra)
{
    public string ProvisionType { get; init; } = ProvisionTypes.Raw;
    public string ServiceCategory { get; init; } = "I00";
    public string? QualityMark { get; init; }
    public string ListingMethod { get; init; } = ListingMethods.Manual;
    public string Description { get; init; } = "";
    public string MainFields { get; init; } = "";
    public UpdateFrequency UpdateFrequency { get; init; } = UpdateFrequency.Irregular;
    public string License { get; init; } = Licenses.OpenGovernmentDataV1;
    public string? RelatedUrl { get; init; }
    public FeeKind Fee { get; init; } = FeeKind.Free;
    public string? FeeBasis { get; init; }
    public string ContactName { get; init; } = "";
    public string ContactPhone { get; init; } = "";
    public DateTimeOffset? FirstPublishedAt { get; init; }
    public DateTimeOffset? MetadataModifiedAt { get; init; }
    public string? Notes { get; init; }
    public string? DataVolume { get; init; }

    /// The organisation code of an identifier like A17010000J-000123, or null for the platform's plain numbers.
    public string? OrganisationCode
    {
        get
        {
            var m = OrganisationIdentifier().Match(Identifier);
            return m.Success ? m.Groups["org"].Value : null;
        }
    }

    /// Reads one row given the canonical header names; returns null with a reason when the row cannot be imported.
    public static NationalRecord? Read(IReadOnlyList<string> headers, IReadOnlyList<string> values, out string? error)
    {
        error = null;
        var cells = new Dictionary<string, string>(headers.Count);
        var extra = new Dictionary<string, string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var value = values[i].Trim();
            if (NationalColumns.IsKnown(headers[i]))
            {
                cells[headers[i]] = value;
            }
            else if (value.Length > 0)
            {
                extra[headers[i]] = value;
            }
        }
        string Cell(string name) => cells.TryGetValue(name, out var v) ? v : "";
        string? Optional(string name) => Cell(name) is { Length: > 0 } v ? v : null;

        var identifier = Cell(NationalColumns.Identifier);
        var title = Cell(NationalColumns.Title);
        var agency = Cell(NationalColumns.Agency);
        if (identifier.Length == 0)
        {
            error = $"{NationalColumns.Identifier} is empty";
            return null;
        }
        if (identifier.Length > 40 || identifier.Any(char.IsWhiteSpace))
        {
            error = $"{NationalColumns.Identifier} '{identifier}' is not an identifier";
            return null;
        }
        if (title.Length == 0)
        {
            error = $"{NationalColumns.Title} is empty";
            return null;
        }
        if (agency.Length == 0)
        {
            error = $"{NationalColumns.Agency} is empty";
            return null;
        }
        if (!TaipeiDates.TryParse(Cell(NationalColumns.FirstPublished), out var published))
        {
            error = $"{NationalColumns.FirstPublished} '{Cell(NationalColumns.FirstPublished)}' is not a date";
            return null;
        }
        if (!TaipeiDates.TryParse(Cell(NationalColumns.MetadataModified), out var modified))
        {
            error = $"{NationalColumns.MetadataModified} '{Cell(NationalColumns.MetadataModified)}' is not a date";
            return null;
        }

        // Values Kaifang cannot represent are kept as they came rather than lost.
        var frequencyText = Cell(NationalColumns.UpdateFrequency);
        if (!UpdateFrequency.TryParse(frequencyText, out var frequency) && frequencyText.Length > 0)
        {
            extra[NationalColumns.UpdateFrequency] = frequencyText;
        }
        var categoryText = Cell(NationalColumns.ServiceCategory);
        var category = Split(categoryText).Select(ServiceCategories.Find).FirstOrDefault(c => c is not null);
        if (category is null && categoryText.Length > 0)
        {
            extra[NationalColumns.ServiceCategory] = categoryText;
        }
        var feeText = Cell(NationalColumns.Fee);
        var fee = feeText is "" or "免費" ? FeeKind.Free : FeeKind.Charged;

        return new NationalRecord(identifier, title, agency, ReadResources(identifier, cells), extra)
        {
            ProvisionType = Optional(NationalColumns.ProvisionType) ?? ProvisionTypes.Raw,
            ServiceCategory = category?.Code ?? "I00",
            QualityMark = Optional(NationalColumns.QualityMark),
            ListingMethod = Optional(NationalColumns.ListingMethod) ?? ListingMethods.Manual,
            Description = Cell(NationalColumns.Description),
            MainFields = Cell(NationalColumns.MainFields),
            UpdateFrequency = frequency,
            License = Optional(NationalColumns.License) ?? Licenses.OpenGovernmentDataV1,
            RelatedUrl = Optional(NationalColumns.RelatedUrl),
            Fee = fee,
            FeeBasis = fee == FeeKind.Charged && feeText != "付費" ? feeText : null,
            ContactName = Cell(NationalColumns.ContactName),
            ContactPhone = Cell(NationalColumns.ContactPhone),
            FirstPublishedAt = published,
            MetadataModifiedAt = modified,
            Notes = Optional(NationalColumns.Notes),
            DataVolume = Optional(NationalColumns.DataVolume),
        };
    }

    /// Zips the ;-joined formats, URLs and encodings into resources; a resource needs a URL.
    /// A single encoding stands for all resources, as the platform often writes just one.
    private static List<NationalResource> ReadResources(string identifier, Dictionary<string, string> cells)
    {
        var urls = Split(cells.GetValueOrDefault(NationalColumns.DownloadUrls, ""));
        var formats = Split(cells.GetValueOrDefault(NationalColumns.FileFormats, ""));
        var encodings = Split(cells.GetValueOrDefault(NationalColumns.Encodings, ""));
        var resources = new List<NationalResource>(urls.Length);
        for (var i = 0; i < urls.Length; i++)
        {
            var format = i < formats.Length ? formats[i] : FormatFromUrl(urls[i]);
            var encoding = i < encodings.Length ? encodings[i] : encodings.Length == 1 ? encodings[0] : null;
            resources.Add(new NationalResource($"{identifier}-{i + 1:000}", i + 1, format.ToUpperInvariant(), urls[i], encoding));
        }
        return resources;
    }

    private static string FormatFromUrl(string url)
    {
        var path = url.Split('?', '#')[0];
        var extension = Path.GetExtension(path).TrimStart('.');
        return extension.Length is > 0 and <= 10 ? extension : "OTHER";
    }

    private static string[] Split(string value) =>
        value.Split(NationalColumns.ValueSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^(?<org>[A-Z0-9]{10})-\d{1,9}$")]
    private static partial Regex OrganisationIdentifier();
}

/// One resource of a national-platform row: a link, not a file.
public sealed record NationalResource(string Identifier, int Position, string Format, string Url, string? Encoding);
