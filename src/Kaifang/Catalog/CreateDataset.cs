using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Catalog;

/// Creates a draft dataset with the next national identifier of its agency.
public sealed class CreateDataset(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time, CatalogIndexer index, DatasetIdentifiers identifiers)
{
    /// name: the URL name a machine asks for (CKAN's package_create); by default the identifier, lower-cased.
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, DatasetInput input, CancellationToken cancellationToken, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(who);
        // A role that may create datasets in no agency (a reviewer) is refused before its input is judged.
        if (!StaffScope.Allows(who.Role, StaffAction.EditDataset))
        {
            return CatalogResult<Dataset>.Forbidden();
        }
        var errors = input.Validate();
        name = name?.Trim();
        if (name is not null)
        {
            if (!DatasetNames.IsValid(name))
            {
                errors.Add("name", "網址名稱須為 2 到 100 個小寫英文字母、數字、- 或 _。", "The URL name has 2 to 100 lower-case letters, digits, - or _.");
            }
            else if (await db.Datasets.AnyAsync(d => d.Name == name, cancellationToken))
            {
                errors.Add("name", $"網址名稱「{name}」已被使用。", $"That URL is already in use: '{name}'.");
            }
        }
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
        // The next number of the agency is handed out (DatasetIdentifiers), then taken by the insert: two creates at once in
        // one agency on two nodes may get the same number, and the unique index refuses one of them, which takes the next.
        for (var attempt = 0; ; attempt++)
        {
            var identifier = await identifiers.NextAsync(db, agency!.OrganisationCode, cancellationToken);
            var dataset = new Dataset
            {
                Id = Guid.NewGuid(),
                Identifier = identifier,
                Name = name ?? identifier.ToLowerInvariant(),
                Title = "",
                AgencyId = agency.Id,
                Status = DatasetStatus.Draft,
                CreatedAt = now,
                MetadataModifiedAt = now,
            };
            input.ApplyTo(dataset);
            db.Datasets.Add(dataset);
            var audit = DatasetAudit.Entry(who, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Created,
                DatasetAudit.Diff(null, DatasetAudit.Snapshot(dataset)));
            db.AuditEntries.Add(audit);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (attempt < 50 && DatabaseErrors.IsUniqueViolation(e))
            {
                // Only this attempt's rows are dropped (and the change record's, added again by the next save): a caller
                // may have other changes pending in the same context.
                db.Entry(dataset).State = EntityState.Detached;
                db.Entry(audit).State = EntityState.Detached;
                foreach (var change in db.ChangeTracker.Entries<CatalogChange>().Where(c => c.State == EntityState.Added).ToList())
                {
                    change.State = EntityState.Detached;
                }
                if (name is not null && await db.Datasets.AnyAsync(d => d.Name == name, cancellationToken))
                {
                    return CatalogResult<Dataset>.Invalid("name", $"網址名稱「{name}」已被使用。", $"That URL is already in use: '{name}'.");
                }
                await Task.Delay(DatabaseErrors.Backoff(attempt), cancellationToken);
                continue;
            }
            await index.IndexDatasetAsync(dataset.Id);
            return CatalogResult<Dataset>.Ok(dataset);
        }
    }
}

/// The rule for a dataset's URL name, as CKAN has it.
public static partial class DatasetNames
{
    public static bool IsValid(string name) => NamePattern().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9_-]{2,100}$")]
    private static partial System.Text.RegularExpressions.Regex NamePattern();
}
