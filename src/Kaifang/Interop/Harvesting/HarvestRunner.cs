using System.Collections.Concurrent;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaifang.Interop.Harvesting;

/// Runs a harvest source: gathers what changed since the last good run (or everything), imports
/// each record on its own (one bad record never stops the others), then withdraws what the source
/// no longer has. The run, its counts and every error are kept. A source that fails part-way
/// leaves what was already imported and withdraws nothing.
public sealed class HarvestRunner(IServiceScopeFactory scopes, IEnumerable<IHarvestProtocol> protocols, TimeProvider time, ILogger<HarvestRunner> log)
{
    /// Clocks differ between sites: the next run asks from a little before this one started.
    public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Running = new();

    /// Runs the source now. full: gather every record, not only what changed since the last run.
    public async Task<HarvestRun> RunAsync(Guid sourceId, bool full, CancellationToken cancellationToken)
    {
        var gate = Running.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new HarvestAlreadyRunningException(sourceId);
        }
        try
        {
            return await RunLockedAsync(sourceId, full, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HarvestRun> RunLockedAsync(Guid sourceId, bool full, CancellationToken cancellationToken)
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

        try
        {
            await foreach (var item in protocol.GatherAsync(source, run.ChangedSince, cancellationToken))
            {
                if (item.Value is null)
                {
                    run.Errors.Add(new HarvestRunError { Record = item.Record, Message = item.Error ?? "The record could not be read." });
                    continue;
                }
                await ImportOneAsync(source, item.Value, run, cancellationToken);
            }
            await WithdrawDroppedAsync(source, protocol, run, db, cancellationToken);
            run.Status = run.Errors.Count == 0 ? HarvestRunStatus.Succeeded : HarvestRunStatus.SucceededWithErrors;
            source.HarvestedUntil = run.StartedAt - ClockSkewMargin;
        }
        catch (HarvestSourceException e)
        {
            log.LogWarning("Harvest of {Source} failed: {Message}", source.Name, e.Message);
            run.Status = HarvestRunStatus.Failed;
            run.Message = e.Message;
        }
        run.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        log.LogInformation("Harvest of {Source}: {Status}, {Created} created, {Updated} updated, {Withdrawn} withdrawn, {Unchanged} unchanged, {Errors} errors",
            source.Name, run.Status, run.Created, run.Updated, run.Withdrawn, run.Unchanged, run.Errors.Count);
        return run;
    }

    /// Each record in its own scope, so that a record the database refuses leaves nothing behind for the next.
    private async Task ImportOneAsync(HarvestSource source, HarvestedRecord record, HarvestRun run, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        try
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<HarvestImporter>().ImportAsync(source, record, cancellationToken);
            switch (outcome)
            {
                case HarvestOutcome.Created: run.Created++; break;
                case HarvestOutcome.Updated: run.Updated++; break;
                default: run.Unchanged++; break;
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
    }

    private async Task WithdrawDroppedAsync(HarvestSource source, IHarvestProtocol protocol, HarvestRun run, KaifangDbContext db, CancellationToken cancellationToken)
    {
        var remote = await protocol.RemoteIdsAsync(source, cancellationToken);
        if (remote is null)
        {
            return;
        }
        var local = await db.Datasets.AsNoTracking()
            .Where(d => d.HarvestSourceId == source.Id && d.Status == DatasetStatus.Published)
            .Select(d => new { d.Id, d.HarvestRemoteId })
            .ToListAsync(cancellationToken);
        var dropped = local.Where(d => d.HarvestRemoteId is null || !remote.Contains(d.HarvestRemoteId)).ToList();
        if (remote.Count == 0 && dropped.Count > 0)
        {
            // An empty list from a source that had datasets is far more often a fault than a decision.
            run.Errors.Add(new HarvestRunError { Record = "", Message = $"The source lists no datasets; the {dropped.Count} harvested before were left published. Withdraw them by hand if the source really is empty." });
            return;
        }
        using var scope = scopes.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<HarvestImporter>();
        foreach (var gone in dropped)
        {
            if (await importer.WithdrawAsync(source, gone.Id, cancellationToken))
            {
                run.Withdrawn++;
            }
        }
    }
}

/// A run of the source is already going on this node.
public sealed class HarvestAlreadyRunningException(Guid sourceId) : Exception($"Harvest source {sourceId} is already running.");
