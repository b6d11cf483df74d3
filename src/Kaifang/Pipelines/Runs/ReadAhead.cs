using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Kaifang.Pipelines.Runs;

/// Rows read, put through the steps and validated on a thread of their own while the caller writes them
/// out, so that a run's single pass over the file uses two cores. The rows pass in order, in batches, a
/// few batches ahead at most (bounded memory). An exception of the reading side comes out of the
/// enumeration as it was thrown; when the caller stops early, the reading side stops too.
internal static class ReadAhead
{
    private const int BatchRows = 256;
    private const int Batches = 4;

    public static async IAsyncEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var channel = Channel.CreateBounded<TableRow[]>(new BoundedChannelOptions(Batches) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ProduceAsync(rows, channel.Writer, stop.Token), CancellationToken.None);
        var finished = false;
        try
        {
            // The reading side always completes the channel, when cancelled or failing too.
            while (await channel.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    foreach (var row in batch)
                    {
                        yield return row;
                    }
                }
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(reading).ConfigureAwait(false);
            }
        }
        await reading.ConfigureAwait(false);
    }

    private static async Task ProduceAsync(IEnumerable<TableRow> rows, ChannelWriter<TableRow[]> writer, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new TableRow[BatchRows];
            var n = 0;
            foreach (var row in rows)
            {
                batch[n++] = row;
                if (n == BatchRows)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new TableRow[BatchRows];
                    n = 0;
                }
            }
            if (n > 0)
            {
                await writer.WriteAsync(batch[..n], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
