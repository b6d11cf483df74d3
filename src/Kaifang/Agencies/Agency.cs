namespace Kaifang.Agencies;

/// An agency in the ministry's tree (ACTION-PLAN S1): the ministry itself at the root,
/// its subordinate agencies below it. Roles are scoped to an agency and everything under it (S8).
public sealed class Agency
{
    public int Id { get; set; }

    /// Short code used in URLs and the CKAN organization name, e.g. "BLI".
    public required string Code { get; set; }

    /// Full Chinese name, e.g. 勞動部勞工保險局.
    public required string Name { get; set; }

    /// Common short name, e.g. 勞保局.
    public string? ShortName { get; set; }

    public required string NameEn { get; set; }

    /// The national organisation code that prefixes dataset identifiers, e.g. A17010000J.
    public required string OrganisationCode { get; set; }

    /// The agency's OID, e.g. 2.16.886.101.20003.20063.
    public string? Oid { get; set; }

    public int? ParentId { get; set; }
    public Agency? Parent { get; set; }
    public List<Agency> Children { get; set; } = [];

    public string? Description { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Website { get; set; }

    public string DisplayName(bool english) => english ? NameEn : Name;
}
