using System.Text;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Interop.NationalSync;

/// How one run went for one agency.
public sealed record NationalSyncAgencyOutcome(string Agency, string? Skipped, int Queued, int Created, int Updated, int Removed, int Retrying, int Failed,
    IReadOnlyList<NationalSyncItemOutcome> Items);

/// One request of a run: which dataset, what was asked, and how it went.
public sealed record NationalSyncItemOutcome(string Identifier, NationalSyncOperation Operation, bool Succeeded, string? NationalId, string? Error, DateTimeOffset? NextAttemptAt);

/// Keeps the national platform in line with the catalog, one agency at a time (docs/national-sync.md).
/// A run first looks for changes: each published dataset's payload is built and hashed, and a dataset
/// whose hash differs from its record's (or that has none) is queued, as is the removal of one no
/// longer published (withdrawn, back to draft, moved to another agency or deleted). It then sends what
/// is due: a create while the platform has given no id, an update after, a delete on withdrawal.
/// A failed attempt waits RetryBaseSeconds × 2^(attempts − 1) before the next; after MaxAttempts the
/// item is failed and the agency's administrators are told through the outbox.
/// One node at a time sends an agency's queue (a claim in the database), so a change is never sent twice at once.
public sealed class NationalSyncDispatcher(KaifangDbContext db, NationalSyncSettings settings, NationalPlatformClient client, WorkClaims claims,
    IOptions<NationalSyncOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time, ILogger<NationalSyncDispatcher> log)
{
    public const string FailureTopic = "national-sync-failed";

    /// Runs the queue once for every configured agency, or for one. With <paramref name="ignoreBackoff"/>,
    /// items waiting out a retry are sent now too ("sync now").
    public async Task<List<NationalSyncAgencyOutcome>> RunAsync(string? agencyCode, bool ignoreBackoff, CancellationToken cancellationToken)
    {
        var targets = await settings.TargetsAsync(cancellationToken);
        var outcomes = new List<NationalSyncAgencyOutcome>();
        if (agencyCode is not null)
        {
            targets = [.. targets.Where(t => string.Equals(t.AgencyCode, agencyCode, StringComparison.OrdinalIgnoreCase))];
            if (targets.Count == 0)
            {
                outcomes.Add(Skipped(agencyCode.ToUpperInvariant(), "not configured: no endpoint or API key is saved for this agency"));
                return outcomes;
            }
        }
        foreach (var target in targets)
        {
            if (!target.Enabled)
            {
                outcomes.Add(Skipped(target.AgencyCode, "publishing is turned off for this agency"));
                continue;
            }
            if (string.IsNullOrEmpty(target.ApiKey))
            {
                outcomes.Add(Skipped(target.AgencyCode, "no usable API key: enter it again in the back office"));
                continue;
            }
            await using var claim = await claims.TryTakeAsync($"national-sync:{target.AgencyId}", cancellationToken);
            if (claim is null)
            {
                outcomes.Add(Skipped(target.AgencyCode, "being sent right now by another node or the command line; try again in a minute"));
                continue;
            }
            using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
            var queued = await DetectAsync(target, working.Token);
            outcomes.Add(await SendAsync(target, queued, ignoreBackoff, working.Token));
        }
        return outcomes;
    }

    /// Puts failed items back in the queue, due now: one dataset's (by identifier) or all of the agency's.
    public async Task<int> RetryAsync(int agencyId, string? identifier, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failed = db.NationalSyncRecords.Where(r => r.AgencyId == agencyId && r.Status == NationalSyncStatus.Failed);
        if (identifier is not null)
        {
            failed = failed.Where(r => r.Identifier == identifier);
        }
        return await failed.ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, NationalSyncStatus.Pending)
            .SetProperty(r => r.Attempts, 0)
            .SetProperty(r => r.NextAttemptAt, now), cancellationToken);
    }

    private static NationalSyncAgencyOutcome Skipped(string agency, string reason) => new(agency, reason, 0, 0, 0, 0, 0, 0, []);

    private string BaseUrl => (kaifang.Value.PublicBaseUrl ?? "http://localhost:5000").TrimEnd('/');

    /// Compares every published dataset of the agency with its record and queues what differs; returns how many were queued.
    private async Task<int> DetectAsync(NationalSyncTarget target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var published = await db.Datasets.AsNoTracking()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .AsSplitQuery()
            .Where(d => d.AgencyId == target.AgencyId && d.Status == DatasetStatus.Published)
            .ToListAsync(cancellationToken);
        var records = await db.NationalSyncRecords.Where(r => r.AgencyId == target.AgencyId).ToDictionaryAsync(r => r.DatasetId, cancellationToken);
        var queued = 0;
        foreach (var dataset in published)
        {
            var payload = NationalDatasetPayload.Build(dataset, BaseUrl);
            var hash = NationalDatasetPayload.Hash(payload);
            if (!records.TryGetValue(dataset.Id, out var record))
            {
                record = new NationalSyncRecord { Id = Guid.NewGuid(), DatasetId = dataset.Id, AgencyId = target.AgencyId, Identifier = dataset.Identifier, Title = dataset.Title };
                db.NationalSyncRecords.Add(record);
                Queue(record, NationalSyncOperation.Create, payload, hash, now);
                queued++;
                continue;
            }
            record.Identifier = dataset.Identifier;
            record.Title = dataset.Title;
            if (record.Status == NationalSyncStatus.Removed)
            {
                // Published again after its removal: the platform has no copy any more.
                Queue(record, NationalSyncOperation.Create, payload, hash, now);
                queued++;
            }
            else if (record.PayloadHash != hash || record.Operation == NationalSyncOperation.Delete)
            {
                if (record.Operation == NationalSyncOperation.Delete && record.NationalId is not null && record.SyncedHash == hash)
                {
                    // Withdrawn and published again, unchanged, before the removal went out: nothing to send.
                    record.Operation = NationalSyncOperation.Update;
                    record.Status = NationalSyncStatus.InSync;
                    record.PayloadHash = hash;
                    record.NextAttemptAt = null;
                    continue;
                }
                Queue(record, record.NationalId is null ? NationalSyncOperation.Create : NationalSyncOperation.Update, payload, hash, now);
                queued++;
            }
        }
        var publishedIds = published.Select(d => d.Id).ToHashSet();
        foreach (var record in records.Values.Where(r => !publishedIds.Contains(r.DatasetId)
            && r.Status != NationalSyncStatus.Removed && r.Operation != NationalSyncOperation.Delete))
        {
            record.Operation = NationalSyncOperation.Delete;
            record.QueuedAt = now;
            record.Attempts = 0;
            record.LastError = null;
            record.LastHttpStatus = null;
            if (record.NationalId is null)
            {
                // It never reached the platform: there is nothing to remove.
                record.Status = NationalSyncStatus.Removed;
                record.NextAttemptAt = null;
                continue;
            }
            record.Status = NationalSyncStatus.Pending;
            record.NextAttemptAt = now;
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    private static void Queue(NationalSyncRecord record, NationalSyncOperation operation, byte[] payload, string hash, DateTimeOffset now)
    {
        record.Operation = operation;
        record.Payload = Encoding.UTF8.GetString(payload);
        record.PayloadHash = hash;
        record.Status = NationalSyncStatus.Pending;
        record.QueuedAt = now;
        record.Attempts = 0;
        record.NextAttemptAt = now;
        record.LastError = null;
        record.LastHttpStatus = null;
    }

    private async Task<NationalSyncAgencyOutcome> SendAsync(NationalSyncTarget target, int queued, bool ignoreBackoff, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = db.NationalSyncRecords.Where(r => r.AgencyId == target.AgencyId && r.Status == NationalSyncStatus.Pending);
        if (!ignoreBackoff)
        {
            pending = pending.Where(r => r.NextAttemptAt <= now);
        }
        var due = await pending.OrderBy(r => r.QueuedAt).ThenBy(r => r.Identifier).ToListAsync(cancellationToken);
        int created = 0, updated = 0, removed = 0, retrying = 0, failed = 0;
        var items = new List<NationalSyncItemOutcome>();
        foreach (var record in due)
        {
            var answer = await SendOneAsync(target, record, cancellationToken);
            var at = time.GetUtcNow();
            record.Attempts++;
            record.LastAttemptAt = at;
            record.LastHttpStatus = answer.HttpStatus;
            if (answer.Success && record.Operation == NationalSyncOperation.Create && string.IsNullOrEmpty(answer.DatasetId))
            {
                answer = NationalAnswer.Failed("The platform said success but gave no datasetId; without it later changes could not be sent.", answer.HttpStatus);
            }
            if (answer.Success)
            {
                switch (record.Operation)
                {
                    case NationalSyncOperation.Create:
                        record.NationalId = answer.DatasetId;
                        created++;
                        break;
                    case NationalSyncOperation.Update:
                        updated++;
                        break;
                    default:
                        removed++;
                        break;
                }
                record.Status = record.Operation == NationalSyncOperation.Delete ? NationalSyncStatus.Removed : NationalSyncStatus.InSync;
                record.SyncedHash = record.Operation == NationalSyncOperation.Delete ? null : record.PayloadHash;
                record.SyncedAt = at;
                record.NextAttemptAt = null;
                record.LastError = null;
            }
            else
            {
                record.LastError = answer.Error;
                if (record.Attempts >= Math.Max(1, options.Value.MaxAttempts))
                {
                    record.Status = NationalSyncStatus.Failed;
                    record.NextAttemptAt = null;
                    await NotifyAsync(target, record, at, cancellationToken);
                    failed++;
                }
                else
                {
                    record.NextAttemptAt = at + Backoff(record.Attempts);
                    retrying++;
                }
                log.LogWarning("National platform: {Operation} of {Identifier} for {Agency} failed (attempt {Attempt}): {Error}",
                    record.Operation, record.Identifier, target.AgencyCode, record.Attempts, answer.Error);
            }
            await db.SaveChangesAsync(cancellationToken);
            items.Add(new NationalSyncItemOutcome(record.Identifier, record.Operation, answer.Success, record.NationalId, answer.Error, record.NextAttemptAt));
        }
        return new NationalSyncAgencyOutcome(target.AgencyCode, null, queued, created, updated, removed, retrying, failed, items);
    }

    private Task<NationalAnswer> SendOneAsync(NationalSyncTarget target, NationalSyncRecord record, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(record.Payload ?? "{}");
        return record.Operation switch
        {
            NationalSyncOperation.Create => client.CreateAsync(target.BaseUrl, target.ApiKey!, payload, cancellationToken),
            NationalSyncOperation.Update => client.UpdateAsync(target.BaseUrl, target.ApiKey!, record.NationalId!, payload, cancellationToken),
            _ => client.DeleteAsync(target.BaseUrl, target.ApiKey!, record.NationalId!, cancellationToken),
        };
    }

    /// The wait after the given number of failed attempts: base, 2 × base, 4 × base …, at most RetryMaxSeconds.
    public TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var seconds = Math.Max(1, o.RetryBaseSeconds) * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(o.RetryBaseSeconds, o.RetryMaxSeconds)));
    }

    private async Task NotifyAsync(NationalSyncTarget target, NationalSyncRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var to = await db.Users.AsNoTracking()
            .Where(u => u.AgencyId == target.AgencyId && u.Role == StaffRole.AgencyAdmin && u.Email != null)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        var link = $"{BaseUrl}/admin/national-sync?agency={target.AgencyCode}";
        var (zh, en) = record.Operation switch
        {
            NationalSyncOperation.Create => ("新增", "creating"),
            NationalSyncOperation.Update => ("更新", "updating"),
            _ => ("刪除", "removing"),
        };
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address,
                $"[Kaifang] 資料集「{record.Title}」無法同步至國家資料開放平臺 / {record.Identifier} could not be published to the national platform",
                $"資料集 {record.Identifier}「{record.Title}」{zh}至政府資料開放平臺失敗，已嘗試 {record.Attempts} 次，不再自動重試。\n" +
                $"平臺回覆：{record.LastError}\n請修正後於後台按「重試」：{link}\n\n" +
                $"{en} dataset {record.Identifier} on the national open-data platform failed after {record.Attempts} attempts; it is no longer retried by itself.\n" +
                $"The platform said: {record.LastError}\nFix the cause, then press Retry in the back office: {link}\n",
                FailureTopic, $"{target.AgencyCode}/{record.Identifier}");
        }
    }
}
