using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Catalog;

namespace Kaifang.Auditing;

/// Turns a dataset or resource into field → text snapshots and records the difference as an audit entry.
public static class DatasetAudit
{
    public static Dictionary<string, string?> Snapshot(Dataset d) => new(StringComparer.Ordinal)
    {
        ["title"] = d.Title,
        ["titleEn"] = d.TitleEn,
        ["description"] = d.Description,
        ["descriptionEn"] = d.DescriptionEn,
        ["agency"] = d.AgencyId.ToString(CultureInfo.InvariantCulture),
        ["provisionType"] = d.ProvisionType,
        ["serviceCategory"] = d.ServiceCategory,
        ["mainFieldsDescription"] = d.MainFieldsDescription,
        ["updateFrequency"] = d.UpdateFrequency.ToString(),
        ["license"] = d.License,
        ["relatedUrl"] = d.RelatedUrl,
        ["spatialCoverage"] = d.SpatialCoverage,
        ["coverageStart"] = d.CoverageStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["coverageEnd"] = d.CoverageEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["fee"] = d.Fee.ToString(),
        ["feeUrl"] = d.FeeUrl,
        ["feeBasis"] = d.FeeBasis,
        ["contactName"] = d.ContactName,
        ["contactPhone"] = d.ContactPhone,
        ["contactEmail"] = d.ContactEmail,
        ["notes"] = d.Notes,
        ["dataVolume"] = d.DataVolume,
        ["keywords"] = string.Join(";", d.Keywords),
        ["listingMethod"] = d.ListingMethod,
        ["status"] = d.Status.ToString(),
    };

    public static Dictionary<string, string?> Snapshot(Resource r) => new(StringComparer.Ordinal)
    {
        ["name"] = r.Name,
        ["description"] = r.Description,
        ["format"] = r.Format,
        ["encoding"] = r.Encoding,
        ["url"] = r.Url,
        ["fileName"] = r.FileName,
        ["fileHash"] = r.FileHash,
        ["size"] = r.Size?.ToString(CultureInfo.InvariantCulture),
    };

    public static List<FieldChange> Diff(IReadOnlyDictionary<string, string?>? before, IReadOnlyDictionary<string, string?>? after)
    {
        var fields = (before?.Keys ?? []).Union(after?.Keys ?? []);
        var changes = new List<FieldChange>();
        foreach (var field in fields)
        {
            string? b = null, a = null;
            before?.TryGetValue(field, out b);
            after?.TryGetValue(field, out a);
            if (!string.Equals(b ?? "", a ?? "", StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, b, a));
            }
        }
        return changes;
    }

    public static AuditEntry Entry(StaffScope? who, DateTimeOffset at, string entityType, Guid entityId, Guid datasetId, AuditAction action, List<FieldChange> changes) =>
        Entry(who?.UserName ?? "system", who?.UserId, at, entityType, entityId, datasetId, action, changes);

    /// An entry for work done by Kaifang itself (seeding, imports), named after what did it.
    public static AuditEntry Entry(string userName, Guid? userId, DateTimeOffset at, string entityType, Guid entityId, Guid datasetId, AuditAction action, List<FieldChange> changes) => new()
    {
        At = at,
        UserId = userId,
        UserName = userName,
        EntityType = entityType,
        EntityId = entityId,
        DatasetId = datasetId,
        Action = action,
        Changes = changes,
    };
}
