using Kaifang.Catalog;

namespace Kaifang.Quality;

/// One piece of wrong information (資訊正確性) about a dataset or one of its resources, with what to fix.
public sealed record MetadataProblem(string Code, string Zh, string En, Guid? ResourceId = null)
{
    public string Text(bool english) => english ? En : Zh;
}

/// The "wrong information" checks of the quarterly accuracy check (ACTION-PLAN S14.3), each explainable:
/// required fields present; the contact's phone and e-mail well formed; every column of a tabular
/// resource described in 主要欄位說明; the encoding of a text resource declared and the one its bytes
/// are in; the format declared and the one its content is; the licence known; a fee with its basis.
public static class MetadataChecks
{
    private static readonly HashSet<string> TextFormats = new(StringComparer.OrdinalIgnoreCase) { "CSV", "TSV", "JSON", "GEOJSON", "XML", "KML", "TXT", "JSONLD", "TTL", "RDF", "NT" };

    public static IReadOnlyList<MetadataProblem> Check(Dataset dataset, IReadOnlyDictionary<Guid, LinkCheck> checks, IReadOnlyDictionary<Guid, IReadOnlyList<string>> tableColumns)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(tableColumns);
        var problems = new List<MetadataProblem>();
        void Missing(string code, string zh, string en) => problems.Add(new(code, $"缺少{zh}。", $"{en} is missing."));
        if (string.IsNullOrWhiteSpace(dataset.Description))
        {
            Missing("description", "資料集描述", "The description");
        }
        if (string.IsNullOrWhiteSpace(dataset.ContactName))
        {
            Missing("contact-name", "聯絡人姓名", "The contact's name");
        }
        if (string.IsNullOrWhiteSpace(dataset.ContactPhone))
        {
            Missing("contact-phone", "聯絡人電話", "The contact's phone");
        }
        else if (!ContactPhones.IsValid(dataset.ContactPhone.Trim()))
        {
            problems.Add(new("contact-phone", $"聯絡人電話「{dataset.ContactPhone}」格式不正確（例：02-85902866 或 (02)8590-2866#123）。",
                $"The contact phone '{dataset.ContactPhone}' is not a phone number (e.g. 02-85902866 or (02)8590-2866#123)."));
        }
        if (!string.IsNullOrWhiteSpace(dataset.ContactEmail) && !EmailAddresses.IsValid(dataset.ContactEmail.Trim()))
        {
            problems.Add(new("contact-email", $"聯絡人電子郵件「{dataset.ContactEmail}」格式不正確。", $"The contact e-mail '{dataset.ContactEmail}' is not an e-mail address."));
        }
        if (string.IsNullOrWhiteSpace(dataset.MainFieldsDescription))
        {
            Missing("main-fields", "主要欄位說明", "The description of the main fields");
        }
        if (Licenses.Find(dataset.License) is null)
        {
            problems.Add(new("license", $"授權方式「{dataset.License}」不是已知的授權條款。", $"The licence '{dataset.License}' is not a known licence."));
        }
        if (dataset.Fee == FeeKind.Charged && string.IsNullOrWhiteSpace(dataset.FeeBasis) && string.IsNullOrWhiteSpace(dataset.FeeUrl))
        {
            problems.Add(new("fee", "計費資料集應說明收費依據或提供計費方式網址。", "A charged dataset must give its fee basis or the address of its fees."));
        }
        if (dataset.Resources.Count == 0)
        {
            Missing("resources", "資料資源", "A resource");
        }
        var described = Datastore.FieldDescriptions.Parse(dataset.MainFieldsDescription);
        foreach (var resource in dataset.Resources.OrderBy(r => r.Position))
        {
            checks.TryGetValue(resource.Id, out var check);
            if (string.IsNullOrWhiteSpace(resource.Format))
            {
                problems.Add(new("format", $"資源「{resource.Name}」未標示檔案格式。", $"Resource “{resource.Name}” declares no format.", resource.Id));
            }
            else if (check?.Content is { } content && !ContentSniffer.Agrees(resource.Format, content))
            {
                problems.Add(new("format", $"資源「{resource.Name}」標示為 {resource.Format.ToUpperInvariant()}，內容卻是 {ContentSniffer.Name(content)}。",
                    $"Resource “{resource.Name}” declares {resource.Format.ToUpperInvariant()} but holds {ContentSniffer.Name(content)}.", resource.Id));
            }
            if (TextFormats.Contains(resource.Format ?? ""))
            {
                if (string.IsNullOrWhiteSpace(resource.Encoding))
                {
                    problems.Add(new("encoding", $"資源「{resource.Name}」未標示編碼格式（如 UTF-8、BIG5）。", $"Resource “{resource.Name}” declares no encoding (e.g. UTF-8, BIG5).", resource.Id));
                }
                else if (check?.ContentEncoding is { } actual && !SameEncoding(resource.Encoding, actual))
                {
                    problems.Add(new("encoding", $"資源「{resource.Name}」標示編碼為 {resource.Encoding}，內容實為 {actual}。",
                        $"Resource “{resource.Name}” declares the encoding {resource.Encoding} but is in {actual}.", resource.Id));
                }
            }
            if (tableColumns.TryGetValue(resource.Id, out var columns))
            {
                var undescribed = columns.Where(c => !described.ContainsKey(c)).ToList();
                if (undescribed.Count > 0)
                {
                    problems.Add(new("field-descriptions",
                        $"資源「{resource.Name}」的欄位 {string.Join("、", undescribed.Take(10))} 未在主要欄位說明中說明（請寫成「欄位(說明)」）。",
                        $"Resource “{resource.Name}” has columns not described in the main fields description: {string.Join(", ", undescribed.Take(10))} (write 'column(meaning)').",
                        resource.Id));
                }
            }
        }
        return problems;
    }

    /// UTF-8 with or without a byte order mark is the same text; Big5 and CP950 are the same code page.
    private static bool SameEncoding(string declared, string actual)
    {
        static string Norm(string e)
        {
            var n = e.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            return n switch
            {
                "UTF8(BOM)" or "UTF8BOM" or "UTF8" => "UTF8",
                "BIG5" or "CP950" or "BIG5HKSCS" => "BIG5",
                "UTF16" or "UTF16LE" or "UNICODE" => "UTF16LE",
                _ => n,
            };
        }
        // Plain ASCII text is the same bytes in UTF-8 and Big5: either declaration is true of it.
        return Norm(declared) == Norm(actual) || (Norm(actual) == "ASCII" && Norm(declared) is "UTF8" or "BIG5");
    }
}
