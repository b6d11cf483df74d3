using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Interop.Harvesting;

/// Writes one harvested record into the catalog: creates it, brings it up to date, or leaves it
/// when the source says it has not changed. A harvested dataset is published as the source has it
/// (HarvestNormalization says what is filled in) and changed only by its source; a local dataset
/// is never overwritten (that is the record's error). The caller indexes what changed, in batches.
public sealed class HarvestImporter(KaifangDbContext db, AgencyDirectory agencies, IOptions<KaifangOptions> options, TimeProvider time, DatasetIdentifiers identifiers)
{
    public async Task<(HarvestOutcome Outcome, Guid DatasetId)> ImportAsync(HarvestSource source, HarvestedRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(record);
        var dataset = await db.Datasets.Include(d => d.Resources)
            .FirstOrDefaultAsync(d => d.HarvestSourceId == source.Id && d.HarvestRemoteId == record.RemoteId, cancellationToken);
        if (dataset is { Status: DatasetStatus.Published } && record.RemoteModifiedAt is not null && dataset.HarvestRemoteModifiedAt == record.RemoteModifiedAt)
        {
            return (HarvestOutcome.Unchanged, dataset.Id);
        }

        var agency = FindAgency(record) ?? agencies.Tree.Find(source.AgencyId)
            ?? throw new HarvestRecordException($"The source's agency {source.AgencyId} no longer exists.");
        var (input, errors) = HarvestNormalization.Normalize(record.Input, agency.Code);
        var resources = record.Resources.Select((r, i) => r with { Input = HarvestNormalization.Normalize(r.Input, i + 1) }).ToList();
        foreach (var resource in resources)
        {
            var problems = ResourceRules.Validate(resource.Input, null, options.Value);
            foreach (var message in problems.Fields.SelectMany(problems.For))
            {
                errors.Add("resources", $"資料資源「{resource.Input.Name}」：{message.In(english: false)}", $"Resource '{resource.Input.Name}': {message.In(english: true)}");
            }
        }
        if (!errors.IsValid)
        {
            throw new HarvestRecordException(string.Join(" ", errors.Fields.SelectMany(f => errors.For(f).Select(m => $"{f}: {m.In(english: true)}"))));
        }

        var now = time.GetUtcNow();
        var who = $"harvest:{source.Name}";
        var created = dataset is null;
        if (dataset is null)
        {
            dataset = new Dataset
            {
                Id = record.PreferredId is { } preferred && !await db.Datasets.AnyAsync(d => d.Id == preferred, cancellationToken) ? preferred : Guid.NewGuid(),
                Identifier = await FreeIdentifierAsync(record, agency, cancellationToken),
                Name = await FreeNameAsync(record, null, cancellationToken),
                Title = "",
                CreatedAt = now,
                HarvestSourceId = source.Id,
                HarvestRemoteId = record.RemoteId,
            };
            db.Datasets.Add(dataset);
        }
        var before = created ? null : DatasetAudit.Snapshot(dataset);
        if (!created && record.Name is { } name && name != dataset.Name)
        {
            dataset.Name = await FreeNameAsync(record, dataset.Id, cancellationToken);
        }
        input.ApplyTo(dataset);
        dataset.AgencyId = agency.Id;
        dataset.Status = DatasetStatus.Published;
        dataset.IsSample = record.IsSample;
        dataset.QualityMark = record.QualityMark ?? dataset.QualityMark;
        dataset.FirstPublishedAt = record.FirstPublishedAt ?? dataset.FirstPublishedAt ?? now;
        dataset.DataModifiedAt = record.DataModifiedAt ?? dataset.DataModifiedAt ?? now;
        dataset.MetadataModifiedAt = now;
        dataset.HarvestRemoteModifiedAt = record.RemoteModifiedAt;
        await SyncResourcesAsync(dataset, resources, now, cancellationToken);

        db.AuditEntries.Add(DatasetAudit.Entry(who, null, now, nameof(Dataset), dataset.Id, dataset.Id,
            created ? AuditAction.Imported : AuditAction.Updated, DatasetAudit.Diff(before, DatasetAudit.Snapshot(dataset))));
        await db.SaveChangesAsync(cancellationToken);
        return (created ? HarvestOutcome.Created : HarvestOutcome.Updated, dataset.Id);
    }

    /// Withdraws a harvested dataset its source no longer has; its address and history stay.
    public async Task<bool> WithdrawAsync(HarvestSource source, Guid datasetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == datasetId && d.HarvestSourceId == source.Id, cancellationToken);
        if (dataset is not { Status: DatasetStatus.Published })
        {
            return false;
        }
        var now = time.GetUtcNow();
        dataset.Status = DatasetStatus.Withdrawn;
        dataset.MetadataModifiedAt = now;
        dataset.HarvestRemoteModifiedAt = null;
        db.AuditEntries.Add(DatasetAudit.Entry($"harvest:{source.Name}", null, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Withdrawn,
            [new FieldChange("status", nameof(DatasetStatus.Published), nameof(DatasetStatus.Withdrawn))]));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// The local agency for the source's organization: by code or organisation code, then by name.
    private AgencyNode? FindAgency(HarvestedRecord record)
    {
        var tree = agencies.Tree;
        return (record.Input.Agency is { } key ? tree.FindByCodeOrOrganisationCode(key.Trim()) : null)
            ?? (record.OrganizationTitle is { } title ? tree.All.FirstOrDefault(a => a.Name == title.Trim() || a.NameEn == title.Trim()) : null);
    }

    private async Task<string> FreeIdentifierAsync(HarvestedRecord record, AgencyNode agency, CancellationToken cancellationToken)
    {
        var wanted = record.Identifier?.Trim();
        if (string.IsNullOrEmpty(wanted))
        {
            return await identifiers.NextAsync(db, agency.OrganisationCode, cancellationToken);
        }
        if (wanted.Length > 40)
        {
            throw new HarvestRecordException($"identifier: '{wanted}' is longer than 40 characters.");
        }
        // The message names the dataset here, so that whoever reads the run's errors can open it.
        var holder = await db.Datasets.Where(d => d.Identifier == wanted).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        return holder is not null
            ? throw new HarvestRecordException($"identifier: a dataset here ({holder}) already has the identifier {wanted}; it was not overwritten.")
            : wanted;
    }

    private async Task<string> FreeNameAsync(HarvestedRecord record, Guid? self, CancellationToken cancellationToken)
    {
        var wanted = record.Name?.Trim().ToLowerInvariant();
        if (wanted is null || !DatasetNames.IsValid(wanted))
        {
            wanted = (record.Identifier ?? record.RemoteId).ToLowerInvariant();
            wanted = new string([.. wanted.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
            wanted = wanted.Length > 100 ? wanted[..100] : wanted;
        }
        return await db.Datasets.AnyAsync(d => d.Name == wanted && d.Id != self, cancellationToken)
            ? throw new HarvestRecordException($"name: a dataset here already has the name {wanted}; it was not overwritten.")
            : wanted;
    }

    /// The resources as the source has them, in its order: matched by id, then by URL; new ones added, dropped ones removed.
    private async Task SyncResourcesAsync(Dataset dataset, IReadOnlyList<HarvestedResource> wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unmatched = dataset.Resources.ToList();
        var position = 0;
        foreach (var item in wanted)
        {
            position++;
            var resource = unmatched.FirstOrDefault(r => item.PreferredId is { } id && r.Id == id)
                ?? unmatched.FirstOrDefault(r => r.Url == item.Input.Url?.Trim());
            if (resource is null)
            {
                var id = item.PreferredId is { } preferred && !await db.Resources.AnyAsync(r => r.Id == preferred, cancellationToken) ? preferred : Guid.NewGuid();
                var identifier = item.Identifier is { Length: <= 60 } own && !await db.Resources.AnyAsync(r => r.Identifier == own, cancellationToken)
                    ? own
                    : $"{dataset.Identifier}-{Guid.NewGuid().ToString("N")[..8]}";
                resource = new Resource { Id = id, DatasetId = dataset.Id, Identifier = identifier, Name = "", Format = "", CreatedAt = now };
                dataset.Resources.Add(resource);
                db.Resources.Add(resource);
            }
            else
            {
                unmatched.Remove(resource);
            }
            var changed = resource.Url != item.Input.Url?.Trim() || resource.Name != item.Input.Name?.Trim();
            ResourceRules.Apply(item.Input, resource);
            resource.Position = position;
            resource.Size = item.Size;
            resource.MediaType = item.MediaType;
            if (changed || resource.ModifiedAt == default)
            {
                resource.ModifiedAt = now;
            }
        }
        foreach (var gone in unmatched)
        {
            dataset.Resources.Remove(gone);
            db.Resources.Remove(gone);
        }
    }
}

public enum HarvestOutcome
{
    Created,
    Updated,
    Unchanged,
}
