using System.Text.RegularExpressions;

namespace Kaifang.Catalog;

/// The metadata a member of staff enters for a dataset, from a form or the JSON API.
/// Everything is text as typed; <see cref="Validate"/> says what is wrong, field by field.
public sealed partial record DatasetInput
{
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }

    /// The agency's code, e.g. BLI.
    public string? Agency { get; init; }
    public string? ProvisionType { get; init; }
    public string? ServiceCategory { get; init; }
    public string? MainFieldsDescription { get; init; }
    public string? UpdateFrequency { get; init; }
    public string? License { get; init; }
    public string? RelatedUrl { get; init; }

    /// 空間範圍, e.g. 臺灣地區.
    public string? SpatialCoverage { get; init; }

    /// 資料涵蓋期間, ISO 8601 dates (2016-01-01); ROC dates such as 105/01/01 are accepted too.
    public string? CoverageStart { get; init; }
    public string? CoverageEnd { get; init; }

    /// 免費 / 付費, or free / charged.
    public string? Fee { get; init; }
    public string? FeeUrl { get; init; }
    public string? FeeBasis { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    public string? Notes { get; init; }
    public string? DataVolume { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
    public string? ListingMethod { get; init; }

    /// Fields from another catalog that Kaifang has no place for (CKAN extras, national-platform
    /// columns), kept as they came. Null leaves the dataset's as they are.
    public IReadOnlyDictionary<string, string>? ExtraFields { get; init; }

    public const int TitleMaxLength = 300;
    public const int DescriptionMaxLength = 8000;

    public static DatasetInput From(Dataset d, string agencyCode) => new()
    {
        Title = d.Title,
        TitleEn = d.TitleEn,
        Description = d.Description,
        DescriptionEn = d.DescriptionEn,
        Agency = agencyCode,
        ProvisionType = d.ProvisionType,
        ServiceCategory = d.ServiceCategory,
        MainFieldsDescription = d.MainFieldsDescription,
        UpdateFrequency = d.UpdateFrequency.ToString(),
        License = d.License,
        RelatedUrl = d.RelatedUrl,
        SpatialCoverage = d.SpatialCoverage,
        CoverageStart = d.CoverageStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CoverageEnd = d.CoverageEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Fee = d.Fee == FeeKind.Free ? "免費" : "付費",
        FeeUrl = d.FeeUrl,
        FeeBasis = d.FeeBasis,
        ContactName = d.ContactName,
        ContactPhone = d.ContactPhone,
        ContactEmail = d.ContactEmail,
        Notes = d.Notes,
        DataVolume = d.DataVolume,
        Keywords = d.Keywords,
        ListingMethod = d.ListingMethod,
    };

    /// Every problem, keyed by field name (the property names above, camel-cased).
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Required("title", Title, "資料集名稱", "Title");
        errors.MaxLength("title", Title, TitleMaxLength);
        errors.MaxLength("titleEn", TitleEn, TitleMaxLength);
        errors.Required("description", Description, "資料集描述", "Description");
        errors.MaxLength("description", Description, DescriptionMaxLength);
        errors.MaxLength("descriptionEn", DescriptionEn, DescriptionMaxLength);
        errors.Required("agency", Agency, "提供機關", "Agency");
        errors.Required("mainFieldsDescription", MainFieldsDescription, "主要欄位說明", "Main fields description");
        errors.MaxLength("mainFieldsDescription", MainFieldsDescription, DescriptionMaxLength);

        if (!string.IsNullOrWhiteSpace(ProvisionType) && !ProvisionTypes.All.Contains(ProvisionType.Trim()))
        {
            errors.Add("provisionType", $"資料提供屬性須為：{string.Join("、", ProvisionTypes.All)}。", $"Provision type must be one of: {string.Join(", ", ProvisionTypes.All)}.");
        }
        if (string.IsNullOrWhiteSpace(ServiceCategory))
        {
            errors.Add("serviceCategory", "請選擇服務分類。", "Choose a service category.");
        }
        else if (ServiceCategories.Find(ServiceCategory.Trim()) is null)
        {
            errors.Add("serviceCategory", $"服務分類「{ServiceCategory}」不在平臺分類清單中。", $"Service category '{ServiceCategory}' is not one of the national platform's categories.");
        }
        if (string.IsNullOrWhiteSpace(UpdateFrequency))
        {
            errors.Add("updateFrequency", "請填寫更新頻率，例如「每1月」或「不定期更新」。", "Enter an update frequency, e.g. 每1月 (monthly) or 不定期更新 (irregular).");
        }
        else if (!Catalog.UpdateFrequency.TryParse(UpdateFrequency, out _))
        {
            errors.Add("updateFrequency", $"無法辨識更新頻率「{UpdateFrequency}」，請用「每N日/週/月/季/年」、「即時」或「不定期更新」。", $"Update frequency '{UpdateFrequency}' is not understood; use 每N日/週/月/季/年, 即時 or 不定期更新.");
        }
        if (!string.IsNullOrWhiteSpace(License) && Licenses.Find(License.Trim()) is null)
        {
            errors.Add("license", $"授權方式須為：{string.Join("、", Licenses.All.Select(l => l.Title))}。", $"Licence must be one of: {string.Join(", ", Licenses.All.Select(l => l.Title))}.");
        }
        Url(errors, "relatedUrl", RelatedUrl);
        errors.MaxLength("spatialCoverage", SpatialCoverage, 200);
        var start = CoverageDate(errors, "coverageStart", CoverageStart, "資料涵蓋期間（起）", "Coverage start");
        var end = CoverageDate(errors, "coverageEnd", CoverageEnd, "資料涵蓋期間（迄）", "Coverage end");
        if (start is { } s && end is { } e && e < s)
        {
            errors.Add("coverageEnd", $"涵蓋期間的結束日 {e:yyyy-MM-dd} 早於開始日 {s:yyyy-MM-dd}。", $"The coverage ends ({e:yyyy-MM-dd}) before it starts ({s:yyyy-MM-dd}).");
        }

        var fee = ParseFee(Fee);
        if (fee is null)
        {
            errors.Add("fee", "計費方式須為「免費」或「付費」。", "Fee must be 免費 (free) or 付費 (charged).");
        }
        else if (fee == FeeKind.Charged)
        {
            errors.Required("feeUrl", FeeUrl, "收費說明網址", "Fee URL");
            errors.Required("feeBasis", FeeBasis, "收費法令依據", "Legal basis of the fee");
        }
        Url(errors, "feeUrl", FeeUrl);

        errors.Required("contactName", ContactName, "聯絡人姓名", "Contact name");
        errors.MaxLength("contactName", ContactName, 100);
        if (string.IsNullOrWhiteSpace(ContactPhone))
        {
            errors.Add("contactPhone", "請填寫聯絡人電話。", "Enter the contact's phone number.");
        }
        else if (!ContactPhones.IsValid(ContactPhone.Trim()))
        {
            errors.Add("contactPhone", $"聯絡人電話「{ContactPhone}」格式不正確，例如 02-85902866 或 02-85902866#123。", $"Contact phone '{ContactPhone}' is not a phone number, e.g. 02-85902866 or 02-85902866#123.");
        }
        if (!string.IsNullOrWhiteSpace(ContactEmail) && !EmailAddresses.IsValid(ContactEmail.Trim()))
        {
            errors.Add("contactEmail", $"電子郵件「{ContactEmail}」格式不正確。", $"E-mail address '{ContactEmail}' is not valid.");
        }
        errors.MaxLength("notes", Notes, DescriptionMaxLength);
        errors.MaxLength("dataVolume", DataVolume, 200);
        if (Keywords is { } keywords)
        {
            if (keywords.Count > 30)
            {
                errors.Add("keywords", "關鍵字最多 30 個。", "At most 30 keywords.");
            }
            if (keywords.Any(k => k.Length > 50 || k.Contains(';', StringComparison.Ordinal)))
            {
                errors.Add("keywords", "每個關鍵字最多 50 字，且不得含分號。", "Each keyword has at most 50 characters and no semicolon.");
            }
        }
        if (!string.IsNullOrWhiteSpace(ListingMethod) && !ListingMethods.All.Contains(ListingMethod.Trim()))
        {
            errors.Add("listingMethod", $"上架方式須為：{string.Join("、", ListingMethods.All)}。", $"Listing method must be one of: {string.Join(", ", ListingMethods.All)}.");
        }
        return errors;
    }

    /// Copies the validated input onto the dataset (the agency is set by the caller, who checks scope).
    public void ApplyTo(Dataset dataset)
    {
        dataset.Title = Title!.Trim();
        dataset.TitleEn = Clean(TitleEn);
        dataset.Description = Description!.Trim();
        dataset.DescriptionEn = Clean(DescriptionEn);
        dataset.ProvisionType = Clean(ProvisionType) ?? ProvisionTypes.Raw;
        dataset.ServiceCategory = ServiceCategories.Find(ServiceCategory!.Trim())!.Code;
        dataset.MainFieldsDescription = MainFieldsDescription!.Trim();
        dataset.UpdateFrequency = Catalog.UpdateFrequency.Parse(UpdateFrequency!);
        dataset.License = Clean(License) ?? Licenses.OpenGovernmentDataV1;
        dataset.RelatedUrl = Clean(RelatedUrl);
        dataset.SpatialCoverage = Clean(SpatialCoverage);
        dataset.CoverageStart = ParseCoverageDate(CoverageStart);
        dataset.CoverageEnd = ParseCoverageDate(CoverageEnd);
        dataset.Fee = ParseFee(Fee) ?? FeeKind.Free;
        dataset.FeeUrl = dataset.Fee == FeeKind.Charged ? Clean(FeeUrl) : null;
        dataset.FeeBasis = dataset.Fee == FeeKind.Charged ? Clean(FeeBasis) : null;
        dataset.ContactName = ContactName!.Trim();
        dataset.ContactPhone = ContactPhone!.Trim();
        dataset.ContactEmail = Clean(ContactEmail);
        dataset.Notes = Clean(Notes);
        dataset.DataVolume = Clean(DataVolume);
        dataset.Keywords = (Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct().ToList();
        dataset.ListingMethod = Clean(ListingMethod) ?? ListingMethods.Manual;
        if (ExtraFields is not null)
        {
            dataset.ExtraFields = new Dictionary<string, string>(ExtraFields, StringComparer.Ordinal);
        }
    }

    public static FeeKind? ParseFee(string? fee) => fee?.Trim().ToLowerInvariant() switch
    {
        null or "" or "免費" or "free" => FeeKind.Free,
        "付費" or "收費" or "charged" => FeeKind.Charged,
        _ => null,
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();


    private static void Url(ValidationErrors errors, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !ResourceLinks.IsHttpUrl(value))
        {
            errors.Add(field, $"「{value}」不是有效的 http(s) 網址。", $"'{value}' is not a valid http(s) URL.");
        }
    }

    /// A coverage date as ISO 8601 (2016-01-01) or a ROC date (105/01/01, 1050101, 民國105年1月1日); null when empty or not a date.
    public static DateOnly? ParseCoverageDate(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var iso))
        {
            return iso;
        }
        return Pipelines.RocDate.TryParse(t, out var roc, out _) == Pipelines.RocDateForm.Valid ? roc.ToDateOnly() : null;
    }

    private static DateOnly? CoverageDate(ValidationErrors errors, string field, string? text, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var date = ParseCoverageDate(text);
        if (date is null)
        {
            errors.Add(field, $"{zh}「{text}」不是日期；請寫成 2016-01-01 或 105/01/01。", $"{en} '{text}' is not a date; write it as 2016-01-01 or 105/01/01.");
        }
        return date;
    }
}
