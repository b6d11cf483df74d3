using Kaifang.Datastore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaifang.Tests.Datastore;

/// Whoever waits for the DataStore to be idle right after the host has started (the tests, the CLI)
/// must wait for the start-up scan too, though the scan runs later, on the thread pool.
public sealed class DatastoreWorkerTests
{
    [Fact]
    public async Task The_queue_is_not_idle_from_the_start_of_the_host_until_the_start_up_scan_is_done()
    {
        var backlog = new DatastoreBacklog();
        using var scan = new ManualResetEventSlim();
        using var worker = new DatastoreWorker(backlog, new HeldScopes(scan), NullLogger<DatastoreWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        var idle = backlog.WhenIdleAsync(CancellationToken.None);
        Assert.False(idle.IsCompleted);

        // The scan goes ahead (and fails here, having no database: logged, and the queue is released all the same).
        scan.Set();
        await idle.WaitAsync(TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);
    }

    /// Scopes that are handed out only once the test lets the scan go ahead.
    private sealed class HeldScopes(ManualResetEventSlim gate) : IServiceScopeFactory
    {
        public IServiceScope CreateScope()
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            return new ServiceCollection().BuildServiceProvider().CreateScope();
        }
    }
}
