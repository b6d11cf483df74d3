using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Catalog;

/// Creates a draft dataset with the next national identifier of its agency.
public sealed class CreateDataset(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time, CatalogIndexer index)
{
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, DatasetInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate();
        var agency = input.Agency is null ? null : agencies.Tree.FindByCode(input.Agency.Trim());
        if (input.Agency is not null && agency is null)
        {
            errors.Add("agency", $"找不到機關代碼「{input.Agency}」。", $"There is no agency with code '{input.Agency}'.");
        }
        if (agency is not null && !who.Can(StaffAction.EditDataset, agency.Id))
        {
            return CatalogResult<Dataset>.Forbidden();
        }
        if (!errors.IsValid)
        {
            return CatalogResult<Dataset>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var identifier = await NextIdentifierAsync(agency!.OrganisationCode, cancellationToken);
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = identifier,
            Name = identifier.ToLowerInvariant(),
            Title = "",
            AgencyId = agency.Id,
            Status = DatasetStatus.Draft,
            CreatedAt = now,
            MetadataModifiedAt = now,
        };
        input.ApplyTo(dataset);
        db.Datasets.Add(dataset);
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Created,
            DatasetAudit.Diff(null, DatasetAudit.Snapshot(dataset))));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id, cancellationToken);
        return CatalogResult<Dataset>.Ok(dataset);
    }

    /// Organisation code + the next six-digit serial of that agency, e.g. A17010000J-000124.
    private async Task<string> NextIdentifierAsync(string organisationCode, CancellationToken cancellationToken)
    {
        var prefix = organisationCode + "-";
        var last = await db.Datasets
            .Where(d => d.Identifier.StartsWith(prefix))
            .OrderByDescending(d => d.Identifier)
            .Select(d => d.Identifier)
            .FirstOrDefaultAsync(cancellationToken);
        var serial = last is not null && int.TryParse(last.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        return $"{prefix}{serial:000000}";
    }
}
