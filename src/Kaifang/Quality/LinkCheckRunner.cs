using System.Security.Cryptography;
using System.Threading.Channels;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Quality;

/// Which links a run checks: every published dataset's, those of some agencies' published
/// datasets, or one dataset's or one resource's whatever the dataset's status.
public sealed record LinkCheckScope(IReadOnlySet<int>? Agencies = null, Guid? DatasetId = null, Guid? ResourceId = null)
{
    public static LinkCheckScope All { get; } = new();

    public bool IsAll => Agencies is null && DatasetId is null && ResourceId is null;
}

/// What a run found.
public sealed record LinkCheckSummary(int Checked, int Ok, int Failed, int Refused, int Broken, TimeSpan Elapsed);

/// How far a run is: links checked out of all it checks.
public sealed record LinkCheckProgress(int Done, int Total);

/// Checks the links of a scope and keeps each result with its history. External links go through
/// <see cref="LinkChecker"/>; an uploaded file is checked where it lives, in the file store (its
/// bytes are there and still have the hash it is stored under), not by Kaifang asking itself over
/// HTTP, which would need its own public address and an allowance to reach it (docs/quality.md).
/// Results are written in batches, so that a run over 100,000 links is not 100,000 transactions.
/// Only one run over everything at a time, on a node and across nodes (a claim in the database).
public sealed class LinkCheckRunner(IServiceScopeFactory scopes, LinkChecker checker, FileStore files, WorkClaims claims, IOptions<QualityOptions> options, TimeProvider time,
    ILogger<LinkCheckRunner> log) : IDisposable
{
    /// Results written per transaction.
    public const int BatchSize = 500;

    private readonly SemaphoreSlim _fullRun = new(1, 1);

    /// Whether a run over every link is going on on this node.
    public bool IsFullRunGoing => _fullRun.CurrentCount == 0;

    public void Dispose() => _fullRun.Dispose();

    public async Task<LinkCheckSummary> RunAsync(LinkCheckScope scope, IProgress<LinkCheckProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsAll)
        {
            return await RunUnlockedAsync(scope, progress, cancellationToken);
        }
        var claim = await EnterFullRunAsync(cancellationToken);
        try
        {
            using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
            return await RunUnlockedAsync(scope, progress, working.Token);
        }
        finally
        {
            await LeaveFullRunAsync(claim);
        }
    }

    /// Takes the run over everything on this node (a gate) and across the nodes (a claim); throws when either is taken.
    private async Task<WorkClaim> EnterFullRunAsync(CancellationToken cancellationToken)
    {
        if (!await _fullRun.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new LinkCheckAlreadyRunningException();
        }
        try
        {
            return await claims.TryTakeAsync("link-check:all", cancellationToken) ?? throw new LinkCheckAlreadyRunningException();
        }
        catch
        {
            _fullRun.Release();
            throw;
        }
    }

    private async Task LeaveFullRunAsync(WorkClaim claim)
    {
        await claim.DisposeAsync();
        _fullRun.Release();
    }

    /// Starts a run in the background, for callers that must not wait (every link takes minutes).
    /// A run over everything already going is said at once, by the exception.
    public async Task StartAsync(LinkCheckScope scope, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var claim = scope.IsAll ? await EnterFullRunAsync(stopping) : null;
        _ = Task.Run(async () =>
        {
            try
            {
                using var working = CancellationTokenSource.CreateLinkedTokenSource(stopping, claim?.Lost ?? CancellationToken.None);
                await RunUnlockedAsync(scope, null, working.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Kaifang is stopping; what was checked is kept.
            }
            catch (Exception e)
            {
                log.LogError(e, "A link check run stopped by an error");
            }
            finally
            {
                if (claim is not null)
                {
                    await LeaveFullRunAsync(claim);
                }
            }
        }, CancellationToken.None);
    }

    private sealed record Target(LinkTarget Link, Guid DatasetId, string? FileHash, long? FileSize);

    private async Task<LinkCheckSummary> RunUnlockedAsync(LinkCheckScope scope, IProgress<LinkCheckProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var total = await CountTargetsAsync(scope, cancellationToken);
        var channel = Channel.CreateBounded<(Target Target, LinkProbe Probe, DateTimeOffset At)>(new BoundedChannelOptions(BatchSize * 4) { SingleReader = true });
        var done = 0;
        progress?.Report(new LinkCheckProgress(0, total));

        async ValueTask Found(Target target, LinkProbe probe)
        {
            await channel.Writer.WriteAsync((target, probe, time.GetUtcNow()), cancellationToken);
            var count = Interlocked.Increment(ref done);
            if (count % 100 == 0 || count == total)
            {
                progress?.Report(new LinkCheckProgress(count, total));
            }
        }

        var writing = WriteAsync(channel, cancellationToken);
        try
        {
            await CheckPagesAsync(scope, Found, cancellationToken);
        }
        catch (ChannelClosedException) when (writing.IsFaulted)
        {
            // The writer failed (the database refused a batch): its error is the one to tell.
            await writing;
        }
        finally
        {
            channel.Writer.TryComplete();
        }
        var counts = await writing;
        if (scope.IsAll)
        {
            await ForgetRemovedResourcesAsync(cancellationToken);
        }
        var summary = counts with { Elapsed = time.GetElapsedTime(started) };
        log.LogInformation("Link check: {Checked} checked, {Ok} ok, {Failed} failed, {Refused} refused, {Broken} broken, in {Elapsed}",
            summary.Checked, summary.Ok, summary.Failed, summary.Refused, summary.Broken, summary.Elapsed);
        return summary;
    }

    /// Checks the scope's links a page at a time (Kaifang:Quality:PageSize; all 300,000 targets of a large catalog read at
    /// once held some 100 MB at a run's peak): the next page is read while one is checked, and a page starts as soon
    /// as the one before the last has finished, so that the few slow hosts at the end of a page do not leave the others idle.
    private async Task CheckPagesAsync(LinkCheckScope scope, Func<Target, LinkProbe, ValueTask> found, CancellationToken cancellationToken)
    {
        var checking = new List<Task>();
        try
        {
            var next = ReadPageAsync(scope, null, cancellationToken);
            while (true)
            {
                var page = await next;
                if (page.Count == 0)
                {
                    break;
                }
                next = page.Count < options.Value.PageSize ? Task.FromResult(new List<Target>()) : ReadPageAsync(scope, page[^1].Link.ResourceId, cancellationToken);
                if (checking.Count == 2)
                {
                    var finished = await Task.WhenAny(checking);
                    checking.Remove(finished);
                    await finished;
                }
                checking.Add(CheckPageAsync(page, found, cancellationToken));
            }
        }
        finally
        {
            // A failed page (or a cancelled run) still lets the others finish or stop before the run reports.
            await Task.WhenAll(checking);
        }
    }

    private async Task CheckPageAsync(List<Target> page, Func<Target, LinkProbe, ValueTask> found, CancellationToken cancellationToken)
    {
        var byResource = page.ToDictionary(t => t.Link.ResourceId);
        var links = page.Where(t => t.FileHash is null).Select(t => t.Link);
        var uploads = page.Where(t => t.FileHash is not null).ToList();
        await Task.WhenAll(
            checker.CheckAsync(links, (link, probe) => found(byResource[link.ResourceId], probe), cancellationToken),
            Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
                async (upload, ct) => await found(upload, await CheckStoredFileAsync(upload, ct))));
    }

    /// Checks of resources that were removed since are no longer anyone's concern (no foreign key ties them).
    private async Task ForgetRemovedResourcesAsync(CancellationToken cancellationToken)
    {
        using var serviceScope = scopes.CreateScope();
        var db = serviceScope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        await db.LinkCheckResults.Where(c => !db.Resources.Any(r => r.Id == c.ResourceId)).ExecuteDeleteAsync(cancellationToken);
        await db.LinkChecks.Where(c => !db.Resources.Any(r => r.Id == c.ResourceId)).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<Resource> InScope(KaifangDbContext db, LinkCheckScope scope)
    {
        var resources = db.Resources.AsNoTracking();
        if (scope.ResourceId is { } resourceId)
        {
            return resources.Where(r => r.Id == resourceId);
        }
        if (scope.DatasetId is { } datasetId)
        {
            return resources.Where(r => r.DatasetId == datasetId);
        }
        resources = resources.Where(r => r.Dataset!.Status == DatasetStatus.Published);
        if (scope.Agencies is { } agencies)
        {
            var ids = agencies.ToList();
            resources = resources.Where(r => ids.Contains(r.Dataset!.AgencyId));
        }
        return resources;
    }

    private async Task<int> CountTargetsAsync(LinkCheckScope scope, CancellationToken cancellationToken)
    {
        using var serviceScope = scopes.CreateScope();
        return await InScope(serviceScope.ServiceProvider.GetRequiredService<KaifangDbContext>(), scope).CountAsync(cancellationToken);
    }

    /// One page of the scope's links: the next ones after <paramref name="after"/> in the order of the resources' ids (read
    /// by id rather than by position, so that no page scans the ones before it). A resource added during a run may be left
    /// to the next run, which is harmless.
    private async Task<List<Target>> ReadPageAsync(LinkCheckScope scope, Guid? after, CancellationToken cancellationToken)
    {
        using var serviceScope = scopes.CreateScope();
        var db = serviceScope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var resources = InScope(db, scope);
        if (after is { } last)
        {
            resources = resources.Where(r => r.Id.CompareTo(last) > 0);
        }
        var rows = await resources
            .OrderBy(r => r.Id)
            .Take(options.Value.PageSize)
            .Select(r => new { r.Id, r.DatasetId, DatasetName = r.FileHash == null ? null : r.Dataset!.Name, r.Url, r.FileHash, r.Size, r.Format })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new Target(
            new LinkTarget(r.Id, r.FileHash is null ? r.Url ?? "" : $"/datasets/{r.DatasetName}/resources/{r.Id}/download", r.Format),
            r.DatasetId, r.FileHash, r.Size))];
    }

    /// An uploaded file works when the store still has it with the hash it is stored under.
    private async Task<LinkProbe> CheckStoredFileAsync(Target target, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var hash = target.FileHash!;
        if (!files.Exists(hash))
        {
            return LinkProbe.Failed(target.Link.Url, LinkFailure.FileMissing, $"The uploaded file {hash} is missing from the file store.") with { Duration = time.GetElapsedTime(started) };
        }
        string actual;
        long length;
        (SniffedFormat Content, bool? LinksToOtherData, string? Encoding) sniffed;
        await using (var stream = files.OpenRead(hash))
        {
            length = stream.Length;
            var head = new byte[(int)Math.Min(length, ContentSniffer.SniffBytes)];
            await stream.ReadExactlyAsync(head, cancellationToken);
            sniffed = LinkProbe.Sniff(head, complete: head.Length == length);
            stream.Position = 0;
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        if (actual != hash)
        {
            return LinkProbe.Failed(target.Link.Url, LinkFailure.FileMissing, $"The uploaded file {hash} in the file store now has the hash {actual}: it was changed or damaged.")
                with { Size = length, ContentHash = actual, HashedBytes = length, Duration = time.GetElapsedTime(started) };
        }
        return new LinkProbe
        {
            Url = target.Link.Url,
            Status = LinkStatus.Ok,
            Size = length,
            ContentHash = actual,
            HashedBytes = length,
            Content = sniffed.Content,
            LinksToOtherData = sniffed.LinksToOtherData,
            ContentEncoding = sniffed.Encoding,
            Duration = time.GetElapsedTime(started),
        };
    }

    private async Task<LinkCheckSummary> WriteAsync(Channel<(Target Target, LinkProbe Probe, DateTimeOffset At)> channel, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAllAsync(channel.Reader, cancellationToken);
        }
        catch (Exception e)
        {
            // The checks stop too, instead of waiting for room in a channel nobody reads any more.
            channel.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task<LinkCheckSummary> WriteAllAsync(ChannelReader<(Target Target, LinkProbe Probe, DateTimeOffset At)> reader, CancellationToken cancellationToken)
    {
        int ok = 0, failed = 0, refused = 0, broken = 0, checkedCount = 0;
        var batch = new List<(Target Target, LinkProbe Probe, DateTimeOffset At)>(BatchSize);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count >= BatchSize || !reader.TryPeek(out _))
            {
                broken += await WriteBatchAsync(batch, cancellationToken);
                foreach (var (_, probe, _) in batch)
                {
                    checkedCount++;
                    switch (probe.Status)
                    {
                        case LinkStatus.Ok: ok++; break;
                        case LinkStatus.Refused: refused++; break;
                        default: failed++; break;
                    }
                }
                batch.Clear();
            }
        }
        return new LinkCheckSummary(checkedCount, ok, failed, refused, broken, TimeSpan.Zero);
    }

    /// Writes one batch in one transaction: the current state, one history row each, and the
    /// history beyond the kept number removed. Returns how many of the batch are broken now.
    private async Task<int> WriteBatchAsync(List<(Target Target, LinkProbe Probe, DateTimeOffset At)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        var rule = options.Value.BrokenRule;
        var keep = Math.Max(1, options.Value.HistoryPerResource);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        // The same resource twice in a batch (two runs at once) is taken in order.
        var ids = batch.Select(b => b.Target.Link.ResourceId).Distinct().ToList();
        var current = await db.LinkChecks.Where(c => ids.Contains(c.ResourceId)).ToDictionaryAsync(c => c.ResourceId, cancellationToken);
        foreach (var (target, probe, at) in batch)
        {
            var id = target.Link.ResourceId;
            if (!current.TryGetValue(id, out var check))
            {
                check = new LinkCheck { ResourceId = id, DatasetId = target.DatasetId, Url = probe.Url };
                current[id] = check;
                db.LinkChecks.Add(check);
            }
            check.DatasetId = target.DatasetId;
            check.Record(probe, at, rule);
            db.LinkCheckResults.Add(LinkCheckResult.Of(id, probe, at));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.LinkCheckResults
            .Where(r => ids.Contains(r.ResourceId)
                && db.LinkCheckResults.Count(o => o.ResourceId == r.ResourceId && (o.CheckedAt > r.CheckedAt || (o.CheckedAt == r.CheckedAt && o.Id > r.Id))) >= keep)
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current.Values.Count(c => c.IsBroken);
    }
}

/// A run over every link is already going on on this node.
public sealed class LinkCheckAlreadyRunningException() : Exception("A check of every link is already running.");
