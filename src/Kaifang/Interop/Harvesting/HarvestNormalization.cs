using Kaifang.Catalog;

namespace Kaifang.Interop.Harvesting;

/// A source is the authority on its own datasets: a record is not refused for metadata Kaifang's
/// own forms would ask more of (no main-fields description, a phone number written another way,
/// a licence or frequency Kaifang does not list). Gaps are filled with neutral values, values
/// Kaifang cannot represent are kept in the dataset's extra fields under their own names, and the
/// quality checks then report what is missing. Only what Kaifang cannot store at all is an error.
public static class HarvestNormalization
{
    /// The record's input made storable, with the problems that remain (title missing, too long).
    public static (DatasetInput Input, ValidationErrors Errors) Normalize(DatasetInput input, string agencyCode)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kept = new Dictionary<string, string>(input.ExtraFields ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        string? Keep(string field, string? value, bool usable)
        {
            if (usable || string.IsNullOrWhiteSpace(value))
            {
                return usable ? value : null;
            }
            kept[$"source_{field}"] = value.Trim();
            return null;
        }

        var category = Keep("service_category", input.ServiceCategory, input.ServiceCategory is { } c && ServiceCategories.Find(c.Trim()) is not null);
        var frequency = Keep("update_frequency", input.UpdateFrequency, input.UpdateFrequency is { } f && UpdateFrequency.TryParse(f, out _));
        var fee = Keep("fee", input.Fee, DatasetInput.ParseFee(input.Fee) is not null);
        var relatedUrl = Keep("url", input.RelatedUrl, ResourceLinks.IsHttpUrl(input.RelatedUrl));
        var feeUrl = Keep("fee_url", input.FeeUrl, ResourceLinks.IsHttpUrl(input.FeeUrl));
        var normalized = input with
        {
            Agency = agencyCode,
            Description = input.Description ?? "",
            MainFieldsDescription = input.MainFieldsDescription ?? "",
            ServiceCategory = category ?? "I00",
            UpdateFrequency = frequency ?? UpdateFrequency.Irregular.ToString(),
            Fee = fee is not null && DatasetInput.ParseFee(fee) == FeeKind.Charged ? fee : "免費",
            FeeUrl = feeUrl,
            RelatedUrl = relatedUrl,
            ContactName = input.ContactName ?? "",
            ContactPhone = input.ContactPhone ?? "",
            // Keywords are stored joined by ';'.
            Keywords = input.Keywords?.Select(k => k.Replace(';', ',')).Where(k => k.Trim().Length > 0).ToList(),
            ExtraFields = kept,
        };

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(normalized.Title))
        {
            errors.Add("title", "來源的資料集沒有名稱。", "The source's dataset has no title.");
        }
        TooLong(errors, "title", normalized.Title, DatasetInput.TitleMaxLength);
        TooLong(errors, "titleEn", normalized.TitleEn, DatasetInput.TitleMaxLength);
        TooLong(errors, "description", normalized.Description, DatasetInput.DescriptionMaxLength);
        TooLong(errors, "descriptionEn", normalized.DescriptionEn, DatasetInput.DescriptionMaxLength);
        TooLong(errors, "mainFieldsDescription", normalized.MainFieldsDescription, DatasetInput.DescriptionMaxLength);
        TooLong(errors, "notes", normalized.Notes, DatasetInput.DescriptionMaxLength);
        return (normalized, errors);
    }

    /// A resource made storable: a name from its address when it has none, and a format Kaifang can
    /// write (letters, digits and '-') from what the source says ("text/csv", "CSV file") or its address.
    public static ResourceInput Normalize(ResourceInput resource, int position)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var url = resource.Url?.Trim();
        var name = resource.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Uri.TryCreate(url, UriKind.Absolute, out var uri) && Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } file
                ? file
                : $"資料資源 {position}";
        }
        var format = resource.Format?.Trim() ?? "";
        if (format.Contains('/', StringComparison.Ordinal))
        {
            format = format[(format.LastIndexOf('/') + 1)..];
        }
        format = new string([.. format.TakeWhile(c => c != ' ').Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);
        if (format.Length is 0 or > 20)
        {
            format = Uri.TryCreate(url, UriKind.Absolute, out var link) && ResourceFormats.FromFileName(link.AbsolutePath) is { } known ? known.Format : "OTHER";
        }
        return resource with { Name = name.Length > 300 ? name[..300] : name, Format = format.ToUpperInvariant() };
    }

    private static void TooLong(ValidationErrors errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"來源的{field}超過 {max} 字。", $"The source's {field} is longer than {max} characters.");
        }
    }
}
