using System.Diagnostics;
using System.Threading.Channels;

namespace Kaifang.Pipelines.Runs;

/// Rows read and put through the steps on a thread of their own, then, when there is a check (the
/// validation), checked on a second thread, while the caller writes them out on a third (see
/// <see cref="OnThread{T}"/>): a run's single pass over the file then spreads over the cores. The rows pass
/// in order, in batches, a few batches ahead at most between two stages (bounded memory), and each stage
/// sees them in the order read. Every stage blocks on its own thread while it waits for the next; the
/// channels wake a waiting stage through the thread pool, whose short spin for more work keeps the stages
/// fed (a queue on a monitor, without it, spent less CPU but left the cores idle a fifth of the pass). An
/// exception of a stage comes out of the enumeration as it was thrown, after the rows before it; when the
/// caller stops early, the stages stop too.
internal static class ReadAhead
{
    private const int BatchRows = 128;
    private const int Batches = 2;

    /// The rows, read and checked ahead on two threads; the enumeration blocks while it waits for them, so
    /// it belongs on a thread of its own (<see cref="OnThread{T}"/>), whose CPU it records as the stage "write".
    public static IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, Action<TableRow>? check = null, PassThreads? threads = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Pass(rows, check, threads, cancellationToken);
    }

    /// Work on a thread of its own (not the thread pool's), which may block while it waits for another stage.
    public static Task<T> OnThread<T>(string name, Func<T> work) =>
        Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name ??= name;
            return work();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IEnumerable<TableRow> Pass(IEnumerable<TableRow> rows, Action<TableRow>? check, PassThreads? threads, CancellationToken cancellationToken)
    {
        var read = NewChannel();
        var checkedRows = check is null ? read : NewChannel();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Stage("pipeline read", () => Produce(rows, read.Writer, threads, stop.Token));
        Task checking = check is null ? Task.CompletedTask : Stage("pipeline check", () => Check(read.Reader, check, checkedRows.Writer, threads, stop));
        var finished = false;
        var clock = ThreadClock.Now();
        var elapsed = Stopwatch.StartNew();
        var waited = TimeSpan.Zero;
        try
        {
            // Each stage always completes its channel, when cancelled or failing too.
            while (true)
            {
                if (!checkedRows.Reader.TryRead(out var batch))
                {
                    var start = elapsed.Elapsed;
                    var more = Wait(checkedRows.Reader.WaitToReadAsync(CancellationToken.None));
                    waited += elapsed.Elapsed - start;
                    if (!more)
                    {
                        break;
                    }
                    continue;
                }
                foreach (var row in batch)
                {
                    yield return row;
                }
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                stop.Cancel();
                try
                {
                    Task.WaitAll(reading, checking);
                }
                catch (AggregateException)
                {
                    // Their exception is the one that ended the enumeration, or follows from stopping them.
                }
            }
        }
        // A stage's exception came through the channels; these only wait for the threads' ends.
        reading.GetAwaiter().GetResult();
        checking.GetAwaiter().GetResult();
        threads?.Add(ThreadClock.Since("write", elapsed, clock, waited, TimeSpan.Zero));
    }

    private static Channel<TableRow[]> NewChannel() =>
        Channel.CreateBounded<TableRow[]>(new BoundedChannelOptions(Batches) { SingleReader = true, SingleWriter = true });

    /// A stage on a thread of its own: it blocks while it waits for the stage next to it, and its CPU time
    /// is that of one thread.
    private static Task<bool> Stage(string name, Action work) =>
        OnThread(name, () =>
        {
            work();
            return true;
        });

    private static void Produce(IEnumerable<TableRow> rows, ChannelWriter<TableRow[]> writer, PassThreads? threads, CancellationToken cancellationToken)
    {
        var clock = ThreadClock.Now();
        var elapsed = Stopwatch.StartNew();
        var waited = TimeSpan.Zero;
        var batch = new TableRow[BatchRows];
        var n = 0;
        try
        {
            foreach (var row in rows)
            {
                batch[n++] = row;
                if (n == BatchRows)
                {
                    waited += Put(writer, batch, elapsed, cancellationToken);
                    batch = new TableRow[BatchRows];
                    n = 0;
                }
            }
            if (n > 0)
            {
                var last = batch[..n];
                n = 0;
                waited += Put(writer, last, elapsed, cancellationToken);
            }
            threads?.Add(ThreadClock.Since("read", elapsed, clock, TimeSpan.Zero, waited));
        }
        catch (Exception e) when (e is not OperationCanceledException && n > 0)
        {
            // The rows read before a failure go on first (a cancelled pass needs them no more).
            try
            {
                Put(writer, batch[..n], elapsed, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopped meanwhile: the failure is what counts.
            }
            writer.TryComplete(e);
            throw;
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
        writer.TryComplete();
    }

    private static void Check(ChannelReader<TableRow[]> reader, Action<TableRow> check, ChannelWriter<TableRow[]> writer, PassThreads? threads, CancellationTokenSource stop)
    {
        var clock = ThreadClock.Now();
        var elapsed = Stopwatch.StartNew();
        TimeSpan waitedForRows = TimeSpan.Zero, waitedForRoom = TimeSpan.Zero;
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var batch))
                {
                    var start = elapsed.Elapsed;
                    var more = Wait(reader.WaitToReadAsync(CancellationToken.None));
                    waitedForRows += elapsed.Elapsed - start;
                    if (!more)
                    {
                        break;
                    }
                    continue;
                }
                foreach (var row in batch)
                {
                    check(row);
                }
                waitedForRoom += Put(writer, batch, elapsed, stop.Token);
            }
            threads?.Add(ThreadClock.Since("check", elapsed, clock, waitedForRows, waitedForRoom));
        }
        catch (Exception e)
        {
            // The reading's exception (after its rows, all checked) or the check's own: the reading stops,
            // the rows already checked still reach the writer, then the exception.
            stop.Cancel();
            writer.TryComplete(e);
            throw;
        }
        writer.TryComplete();
    }

    /// Hands a batch on, waiting for room; returns how long it waited.
    private static TimeSpan Put(ChannelWriter<TableRow[]> writer, TableRow[] batch, Stopwatch elapsed, CancellationToken cancellationToken)
    {
        if (writer.TryWrite(batch))
        {
            return TimeSpan.Zero;
        }
        var start = elapsed.Elapsed;
        do
        {
            if (!Wait(writer.WaitToWriteAsync(cancellationToken)))
            {
                throw new ChannelClosedException();
            }
        }
        while (!writer.TryWrite(batch));
        return elapsed.Elapsed - start;
    }

    /// Blocks the stage's thread until the channel answers; a channel completed with an exception throws it.
    private static bool Wait(ValueTask<bool> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
