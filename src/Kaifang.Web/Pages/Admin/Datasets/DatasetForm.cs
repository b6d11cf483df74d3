using Kaifang.Catalog;

namespace Kaifang.Web.Pages.Admin.Datasets;

/// The dataset metadata form as posted: DatasetInput's fields, with keywords as one line of text.
public sealed class DatasetForm
{
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Description { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Agency { get; set; }
    public string? ProvisionType { get; set; }
    public string? ServiceCategory { get; set; }
    public string? MainFieldsDescription { get; set; }
    public string? UpdateFrequency { get; set; }
    public string? License { get; set; }
    public string? RelatedUrl { get; set; }
    public string? SpatialCoverage { get; set; }
    public string? CoverageStart { get; set; }
    public string? CoverageEnd { get; set; }
    public string? Fee { get; set; }
    public string? FeeUrl { get; set; }
    public string? FeeBasis { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? Notes { get; set; }
    public string? DataVolume { get; set; }
    public string? Keywords { get; set; }
    public string? ListingMethod { get; set; }

    public DatasetInput ToInput() => new()
    {
        Title = Title, TitleEn = TitleEn, Description = Description, DescriptionEn = DescriptionEn, Agency = Agency,
        ProvisionType = ProvisionType, ServiceCategory = ServiceCategory, MainFieldsDescription = MainFieldsDescription,
        UpdateFrequency = UpdateFrequency, License = License, RelatedUrl = RelatedUrl, SpatialCoverage = SpatialCoverage, CoverageStart = CoverageStart, CoverageEnd = CoverageEnd, Fee = Fee, FeeUrl = FeeUrl, FeeBasis = FeeBasis,
        ContactName = ContactName, ContactPhone = ContactPhone, ContactEmail = ContactEmail, Notes = Notes, DataVolume = DataVolume,
        Keywords = (Keywords ?? "").Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        ListingMethod = ListingMethod,
    };

    public static DatasetForm From(DatasetInput i) => new()
    {
        Title = i.Title, TitleEn = i.TitleEn, Description = i.Description, DescriptionEn = i.DescriptionEn, Agency = i.Agency,
        ProvisionType = i.ProvisionType, ServiceCategory = i.ServiceCategory, MainFieldsDescription = i.MainFieldsDescription,
        UpdateFrequency = i.UpdateFrequency, License = i.License, RelatedUrl = i.RelatedUrl, SpatialCoverage = i.SpatialCoverage, CoverageStart = i.CoverageStart, CoverageEnd = i.CoverageEnd, Fee = i.Fee, FeeUrl = i.FeeUrl, FeeBasis = i.FeeBasis,
        ContactName = i.ContactName, ContactPhone = i.ContactPhone, ContactEmail = i.ContactEmail, Notes = i.Notes, DataVolume = i.DataVolume,
        Keywords = string.Join("、", i.Keywords ?? []), ListingMethod = i.ListingMethod,
    };
}

/// What the form partial needs to draw itself.
public sealed record DatasetFormView(DatasetForm Form, ValidationErrors? Errors, IReadOnlyList<(Kaifang.Agencies.AgencyNode Node, int Depth)> Agencies);
