using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kaifang.Datastore;

/// Works through <see cref="DatastoreBacklog"/> in the background, one dataset at a time. At start it
/// queues the published datasets whose tables are missing or were loaded from another file, so a
/// node whose datastore.db is new or behind catches up by itself.
public sealed class DatastoreWorker(DatastoreBacklog queue, IServiceScopeFactory scopes, ILogger<DatastoreWorker> logger) : BackgroundService
{
    /// Holds the queue while the host starts, so that it is not idle before the start-up scan has queued
    /// its datasets: <see cref="BackgroundService"/> runs the whole of ExecuteAsync on the thread pool, later.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        queue.Hold();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outOfDate = await scope.ServiceProvider.GetRequiredService<DatastoreSync>().OutOfDateAsync(stoppingToken);
            foreach (var datasetId in outOfDate)
            {
                queue.DatasetChanged(datasetId);
            }
            if (outOfDate.Count > 0)
            {
                logger.LogInformation("DataStore: {Count} datasets to load or update", outOfDate.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "DataStore: the start-up scan failed");
        }
        finally
        {
            queue.Release();
        }

        await foreach (var datasetId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatastoreSync>().SyncAsync(datasetId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One dataset's trouble must not stop the others'.
                logger.LogError(e, "DataStore: dataset {Dataset} could not be brought up to date", datasetId);
            }
            finally
            {
                queue.Release();
            }
        }
    }
}
