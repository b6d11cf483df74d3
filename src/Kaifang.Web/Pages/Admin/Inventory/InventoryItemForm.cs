using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;

namespace Kaifang.Web.Pages.Admin.Inventory;

/// The item form as posted: the use case's input, with the legal bases as the codes ticked.
public sealed class InventoryItemForm
{
    public string? Agency { get; set; }
    public string? Name { get; set; }
    public string? SourceKind { get; set; }
    public string? OwningUnit { get; set; }
    public string? Description { get; set; }
    public string? MainFields { get; set; }
    public string? Volume { get; set; }
    public string? UpdateFrequency { get; set; }
    public bool HasPersonalData { get; set; }
    public string? Grade { get; set; } = "open";
    public List<string> LegalBases { get; set; } = [];
    public string? LegalBasisNote { get; set; }
    public string? Licence { get; set; } = Licenses.OpenGovernmentDataV1;
    public string? Fee { get; set; } = "免費";
    public string? FeeBasis { get; set; }

    public InventoryItemInput ToInput() => new()
    {
        Agency = Agency, Name = Name, SourceKind = SourceKind, OwningUnit = OwningUnit, Description = Description, MainFields = MainFields,
        Volume = Volume, UpdateFrequency = UpdateFrequency, HasPersonalData = HasPersonalData, Grade = Grade, LegalBases = LegalBases,
        LegalBasisNote = LegalBasisNote, Licence = Licence, Fee = Fee, FeeBasis = FeeBasis,
    };

    public static InventoryItemForm From(InventoryItemInput i) => new()
    {
        Agency = i.Agency, Name = i.Name, SourceKind = i.SourceKind, OwningUnit = i.OwningUnit, Description = i.Description, MainFields = i.MainFields,
        Volume = i.Volume, UpdateFrequency = i.UpdateFrequency, HasPersonalData = i.HasPersonalData ?? false, Grade = i.Grade, LegalBases = [.. i.LegalBases ?? []],
        LegalBasisNote = i.LegalBasisNote, Licence = i.Licence, Fee = i.Fee, FeeBasis = i.FeeBasis,
    };
}

/// What the shared fields partial needs.
public sealed record InventoryItemFormView(InventoryItemForm Form, ValidationErrors? Errors, IReadOnlyList<(AgencyNode Node, int Depth)> Agencies, IReadOnlyList<LegalBasis> Bases, bool AgencyFixed);
