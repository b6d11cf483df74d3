using System.Collections.Concurrent;
using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaifang.Interop.Harvesting;

/// Runs a harvest source: gathers what changed since the last good run (or everything), imports
/// each record on its own (one bad record never stops the others), then withdraws what the source
/// no longer has. The run, its counts and every error are kept. A source that fails part-way
/// leaves what was already imported and withdraws nothing.
/// One run of a source at a time, on this node (a gate) and across nodes (a claim in the database).
public sealed class HarvestRunner(IServiceScopeFactory scopes, IEnumerable<IHarvestProtocol> protocols, WorkClaims claims, TimeProvider time, ILogger<HarvestRunner> log)
{
    /// Clocks differ between sites: the next run asks from a little before this one started.
    public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Running = new();

    /// Runs the source now and returns when it is done. full: gather every record, not only what
    /// changed since the last run.
    public async Task<HarvestRun> RunAsync(Guid sourceId, bool full, CancellationToken cancellationToken)
    {
        var (gate, claim) = await EnterAsync(sourceId, cancellationToken);
        try
        {
            using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
            return await RunLockedAsync(sourceId, full, null, working.Token);
        }
        finally
        {
            await claim.DisposeAsync();
            gate.Release();
        }
    }

    /// Starts a run in the background and returns it as soon as it is recorded, for callers that
    /// must not wait (a national list takes minutes); its progress is read from the database.
    public async Task<HarvestRun> StartAsync(Guid sourceId, bool full, CancellationToken stopping)
    {
        var (gate, claim) = await EnterAsync(sourceId, stopping);
        var started = new TaskCompletionSource<HarvestRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                using var working = CancellationTokenSource.CreateLinkedTokenSource(stopping, claim.Lost);
                await RunLockedAsync(sourceId, full, run => started.TrySetResult(run), working.Token);
            }
            catch (Exception e) when (started.TrySetException(e))
            {
                // Failed before the run was recorded: the caller gets the exception.
            }
            finally
            {
                await claim.DisposeAsync();
                gate.Release();
            }
        }, CancellationToken.None);
        return await started.Task;
    }

    private async Task<(SemaphoreSlim Gate, WorkClaim Claim)> EnterAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var gate = Running.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new HarvestAlreadyRunningException(sourceId);
        }
        try
        {
            // Running on another node, or in the command line.
            return (gate, await claims.TryTakeAsync($"harvest:{sourceId}", cancellationToken) ?? throw new HarvestAlreadyRunningException(sourceId));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async Task<HarvestRun> RunLockedAsync(Guid sourceId, bool full, Action<HarvestRun>? started, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new InvalidOperationException($"There is no harvest source {sourceId}.");
        var protocol = protocols.First(p => p.Kind == source.Kind);
        var run = new HarvestRun
        {
            Id = Guid.NewGuid(),
            SourceId = source.Id,
            StartedAt = time.GetUtcNow(),
            ChangedSince = full ? null : source.HarvestedUntil,
        };
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        started?.Invoke(run);

        var changed = new List<Guid>();
        try
        {
            await foreach (var item in protocol.GatherAsync(source, run.ChangedSince, cancellationToken))
            {
                if (item.Value is null)
                {
                    run.Errors.Add(new HarvestRunError { Record = item.Record, Message = item.Error ?? "The record could not be read." });
                    continue;
                }
                if (await ImportOneAsync(source, item.Value, run, cancellationToken) is { } id)
                {
                    changed.Add(id);
                    if (changed.Count >= IndexBatchSize)
                    {
                        await IndexAsync(changed, cancellationToken);
                    }
                }
            }
            changed.AddRange(await WithdrawDroppedAsync(source, protocol, run, db, cancellationToken));
            run.Status = run.Errors.Count == 0 ? HarvestRunStatus.Succeeded : HarvestRunStatus.SucceededWithErrors;
            source.HarvestedUntil = run.StartedAt - ClockSkewMargin;
        }
        catch (HarvestSourceException e)
        {
            log.LogWarning("Harvest of {Source} failed: {Message}", source.Name, e.Message);
            run.Status = HarvestRunStatus.Failed;
            run.Message = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of Kaifang's own: the run says so instead of staying "running" until the next start.
            log.LogError(e, "Harvest of {Source} stopped by an error", source.Name);
            run.Status = HarvestRunStatus.Failed;
            run.Message = $"Kaifang stopped this run because of an error of its own ({e.GetType().Name}: {e.Message}); what was imported before stays.";
        }
        finally
        {
            // What was imported before a failure is searchable too.
            await IndexAsync(changed, CancellationToken.None);
        }
        run.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        log.LogInformation("Harvest of {Source}: {Status}, {Created} created, {Updated} updated, {Withdrawn} withdrawn, {Unchanged} unchanged, {Errors} errors",
            source.Name, run.Status, run.Created, run.Updated, run.Withdrawn, run.Unchanged, run.Errors.Count);
        return run;
    }

    /// Datasets indexed per commit: one commit per record would make a large first harvest crawl.
    public const int IndexBatchSize = 250;

    private async Task IndexAsync(List<Guid> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CatalogIndexer>().IndexDatasetsAsync([.. changed.Distinct()], cancellationToken);
        changed.Clear();
    }

    /// Each record in its own scope, so that a record the database refuses leaves nothing behind for
    /// the next. Returns the dataset when it was created or changed.
    private async Task<Guid?> ImportOneAsync(HarvestSource source, HarvestedRecord record, HarvestRun run, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        try
        {
            var (outcome, id) = await scope.ServiceProvider.GetRequiredService<HarvestImporter>().ImportAsync(source, record, cancellationToken);
            switch (outcome)
            {
                case HarvestOutcome.Created: run.Created++; return id;
                case HarvestOutcome.Updated: run.Updated++; return id;
                default: run.Unchanged++; return null;
            }
        }
        catch (HarvestRecordException e)
        {
            run.Errors.Add(new HarvestRunError { Record = record.RemoteId, Message = e.Message });
        }
        catch (DbUpdateException e)
        {
            run.Errors.Add(new HarvestRunError { Record = record.RemoteId, Message = $"The database refused the record: {e.InnerException?.Message ?? e.Message}" });
        }
        return null;
    }

    /// Returns the datasets withdrawn.
    private async Task<List<Guid>> WithdrawDroppedAsync(HarvestSource source, IHarvestProtocol protocol, HarvestRun run, KaifangDbContext db, CancellationToken cancellationToken)
    {
        var withdrawn = new List<Guid>();
        var remote = await protocol.RemoteIdsAsync(source, cancellationToken);
        if (remote is null)
        {
            return withdrawn;
        }
        var local = await db.Datasets.AsNoTracking()
            .Where(d => d.HarvestSourceId == source.Id && d.Status == DatasetStatus.Published)
            .Select(d => new { d.Id, d.HarvestRemoteId })
            .ToListAsync(cancellationToken);
        var dropped = local.Where(d => d.HarvestRemoteId is null || !remote.Contains(d.HarvestRemoteId)).ToList();
        if (remote.Count == 0 && dropped.Count > 0)
        {
            // An empty list from a source that had datasets is far more often a fault than a decision.
            run.Errors.Add(new HarvestRunError { Record = "", Message = $"The source lists no datasets; the {dropped.Count} harvested before were left published. If the source really is empty, remove it here: its datasets then become local ones that staff may withdraw." });
            return withdrawn;
        }
        using var scope = scopes.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<HarvestImporter>();
        foreach (var gone in dropped)
        {
            if (await importer.WithdrawAsync(source, gone.Id, cancellationToken))
            {
                run.Withdrawn++;
                withdrawn.Add(gone.Id);
            }
        }
        return withdrawn;
    }
}

/// A run of the source is already going on this node.
public sealed class HarvestAlreadyRunningException(Guid sourceId) : Exception($"Harvest source {sourceId} is already running.");
