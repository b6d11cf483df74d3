using Microsoft.Extensions.Logging;

namespace Kaifang.Storage;

/// The heartbeat of work held across nodes (a pipeline run's row, a work claim): every interval the holder says it is
/// alive; when the saying is refused — the work was cancelled or taken over after a silence — the work is told to stop.
/// A database that does not answer once is tried again at the next beat, since a claim lasts several intervals.
public static class Heartbeat
{
    /// Beats until <paramref name="stop"/>; <paramref name="renew"/> returns false once the work is no longer this holder's,
    /// which cancels <paramref name="lost"/>.
    public static async Task KeepAsync(TimeProvider time, TimeSpan interval, Func<CancellationToken, Task<bool>> renew,
        CancellationTokenSource lost, ILogger log, string work, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(renew);
        ArgumentNullException.ThrowIfNull(lost);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop);
                if (!await renew(stop))
                {
                    log.LogWarning("{Work} was cancelled or taken over by another node after a silence; stopping it.", work);
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "The heartbeat of {Work} could not be saved", work);
            }
        }
    }
}
