using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Search;

/// Keeps this node's search index and DataStore in step with writes made on other nodes or by the command line, by
/// reading the catalog's change record (<see cref="CatalogChange"/>). The position reached is kept beside the index
/// (<c>index/changes-applied</c>), so a node that restarts catches up with what it missed while it was down, or
/// rebuilds its index when the record no longer reaches back that far. docs/operations.md tells the whole story.
public sealed class CatalogChangeFollower(
    IServiceScopeFactory scopes,
    DatastoreBacklog datastore,
    NodeIdentity node,
    CatalogIndex index,
    OwnIndexedChanges ownIndexed,
    IOptions<SearchOptions> options,
    IOptions<KaifangOptions> kaifang,
    TimeProvider time,
    ILogger<CatalogChangeFollower> log) : BackgroundService
{
    /// Changes read per database round trip.
    public const int BatchSize = 1000;

    // Numbers above the watermark already applied, with when each was: a later write committed before an earlier one's
    // number. The numbers missing below one of them (holes) have been waited for since it was applied.
    private readonly SortedDictionary<long, DateTimeOffset> _applied = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _watermark;
    // The position last written to disk, and the index generation the rounds since have written into.
    private long _saved;
    private long _generation;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// The number of the last change this node has applied, with every one before it.
    public long Position => _watermark;

    private string PositionFile => PositionFileIn(kaifang.Value.IndexDirectory);

    private static string PositionFileIn(string indexDirectory) => Path.Combine(indexDirectory, "changes-applied");

    /// Brings the index up to date at start: rebuilt when it is empty, of an older version, or behind by more than
    /// the change record holds; otherwise it catches up from where it was (or, with no position kept, is trusted when
    /// it holds as many datasets as the database). Called before the node serves requests.
    public async Task StartFromDatabaseAsync(CancellationToken cancellationToken)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            var latest = await db.CatalogChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
            var oldest = await db.CatalogChanges.MinAsync(c => (long?)c.Id, cancellationToken) ?? latest + 1;
            var indexer = scope.ServiceProvider.GetRequiredService<CatalogIndexer>();
            var stored = ReadPosition();
            _generation = index.Generation;
            if (stored is { } position && position + 1 >= oldest && position <= latest)
            {
                _watermark = _saved = position;
                await CatchUpAsync(atStart: true, cancellationToken);
                if (!await indexer.IsStaleAsync(cancellationToken))
                {
                    return;
                }
            }
            else if (stored is null && !await indexer.IsStaleAsync(cancellationToken))
            {
                // An index that never kept a position, yet holds the whole catalog: written by this start's seeding,
                // or by a Kaifang from before the change record. It is trusted, as it always was, and followed from here.
                _watermark = latest;
                index.Commit();
                WritePosition();
                return;
            }
        }
        await RebuildAsync(cancellationToken);
    }

    // Rebuilds the index, then follows from the last change that was surely committed before the rebuild read the
    // catalog: one recorded within the gap wait may have committed after, and is applied again (which is harmless).
    // This node's own writes so far (seeding) came before the rebuild and are in it.
    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var settledBefore = time.GetUtcNow().AddSeconds(-options.Value.GapWaitSeconds);
        var settled = await db.CatalogChanges.Where(c => c.ChangedAt < settledBefore).MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        await scope.ServiceProvider.GetRequiredService<CatalogIndexer>().RebuildAsync(null, cancellationToken);
        _applied.Clear();
        _watermark = settled;
        _generation = index.Generation;
        index.Commit();
        WritePosition();
        await CatchUpAsync(atStart: true, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FollowIntervalMilliseconds;
        if (interval <= 0)
        {
            return;
        }
        // Real time, not the injected clock: how often to look is not part of any rule a test moves the clock for.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CatchUpAsync(stoppingToken);
                    await PruneAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be briefly unreachable; the next tick tries again from the same position.
                    log.LogWarning(e, "Could not read the catalog's change record; trying again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// Applies every recorded change past this node's position; returns how many it applied.
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await CatchUpAsync(atStart: false, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // At start the DataStore needs no telling: its worker compares every table with the catalog when it starts.
    // Each round reads the holes that have since been filled (writes that committed after later-numbered ones), then
    // the changes past the highest number applied, so that neither waits for the other.
    private async Task<int> CatchUpAsync(bool atStart, CancellationToken cancellationToken)
    {
        var applied = 0;
        while (true)
        {
            var generation = index.Generation;
            if (generation != _generation)
            {
                // The index was opened again on its last commit after a failure: what was applied since the position
                // on disk may be gone from it, so it is applied again from there.
                log.LogWarning("The search index was reopened on its last commit; applying the changes after {Position} again", _saved);
                _watermark = _saved;
                _applied.Clear();
                _generation = generation;
            }
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            var highest = _applied.Count > 0 ? _applied.Keys.Last() : _watermark;
            var fresh = new List<CatalogChange>();
            if (highest > _watermark + 1)
            {
                var low = _watermark;
                var filled = (await db.CatalogChanges.Where(c => c.Id > low && c.Id < highest).Select(c => c.Id).ToListAsync(cancellationToken))
                    .Where(id => !_applied.ContainsKey(id)).ToList();
                if (filled.Count > 0)
                {
                    fresh.AddRange(await db.CatalogChanges.AsNoTracking().Where(c => filled.Contains(c.Id)).ToListAsync(cancellationToken));
                }
            }
            var batch = await db.CatalogChanges.AsNoTracking()
                .Where(c => c.Id > highest)
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            fresh.AddRange(batch);
            if (fresh.Count > 0)
            {
                // This node's own writes are indexed by the requests that made them, all but those still on their way.
                var toApply = fresh.Where(c => c.Node != node.Id || !ownIndexed.Take(c.Id, generation)).ToList();
                await ApplyAsync(scope.ServiceProvider, toApply, reloadDatastore: !atStart, cancellationToken);
                applied += fresh.Count;
                var now = time.GetUtcNow();
                foreach (var change in fresh)
                {
                    _applied[change.Id] = now;
                }
            }
            var before = _watermark;
            Advance();
            if (_watermark != before)
            {
                // One commit for every write indexed since the last round, this node's and the others': only what is
                // committed is recorded as followed.
                index.Commit();
                if (index.Generation != generation)
                {
                    continue; // reopened during the round: nothing of it is recorded, and the next pass applies it again
                }
                WritePosition();
                ownIndexed.ForgetUpTo(_watermark);
            }
            if (batch.Count < BatchSize)
            {
                return applied;
            }
        }
    }

    private async Task ApplyAsync(IServiceProvider services, List<CatalogChange> changes, bool reloadDatastore, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }
        if (changes.Any(c => c.DatasetId is null))
        {
            log.LogInformation("The whole catalog changed elsewhere (an import): rebuilding this node's search index");
            await services.GetRequiredService<CatalogIndexer>().RebuildAsync(null, cancellationToken);
            if (reloadDatastore)
            {
                foreach (var dataset in await services.GetRequiredService<DatastoreSync>().OutOfDateAsync(cancellationToken))
                {
                    datastore.DatasetChanged(dataset);
                }
            }
            return;
        }
        var datasets = changes.Select(c => c.DatasetId!.Value).Distinct().ToList();
        await services.GetRequiredService<CatalogIndexer>().IndexDatasetsAsync(datasets, cancellationToken);
        foreach (var dataset in reloadDatastore ? datasets : [])
        {
            datastore.DatasetChanged(dataset);
        }
    }

    // Moves the watermark over the numbers applied without a hole, and over a hole once the number above it has been
    // applied for the gap wait: every hole is waited for from when it was seen, all at once, not one after another
    // (a write refused by a unique index, retried or not, leaves a hole for good on PostgreSQL).
    private void Advance()
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.FromSeconds(options.Value.GapWaitSeconds);
        while (_applied.Count > 0)
        {
            var (next, appliedAt) = _applied.First();
            if (next != _watermark + 1 && now - appliedAt < wait)
            {
                return;
            }
            _watermark = next;
            _applied.Remove(next);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastPrune = now;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var cutoff = now.AddDays(-options.Value.ChangeRetentionDays);
        await db.CatalogChanges.Where(c => c.ChangedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private long? ReadPosition()
    {
        try
        {
            return long.TryParse(File.ReadAllText(PositionFile), System.Globalization.CultureInfo.InvariantCulture, out var position) ? position : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void WritePosition()
    {
        WritePosition(kaifang.Value.IndexDirectory, _watermark);
        _saved = _watermark;
    }

    /// Records that the index in <paramref name="indexDirectory"/> holds every change up to <paramref name="position"/>
    /// (0: the index reflects the database as it was before any change in the record, as after a restore).
    public static void WritePosition(string indexDirectory, long position)
    {
        Directory.CreateDirectory(indexDirectory);
        var file = PositionFileIn(indexDirectory);
        var temporary = file + ".new";
        File.WriteAllText(temporary, position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temporary, file, overwrite: true);
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
