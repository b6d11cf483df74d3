using System.Threading.Channels;

namespace Kaifang.Datastore;

/// Datasets whose DataStore tables may need (re)loading or dropping, for <see cref="DatastoreWorker"/>.
/// The catalog's use cases call <see cref="DatasetChanged"/> after they save; it returns at once.
public sealed class DatastoreBacklog
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    /// A dataset was published, withdrawn, deleted, or its resources changed.
    public void DatasetChanged(Guid datasetId)
    {
        Hold();
        if (!_channel.Writer.TryWrite(datasetId))
        {
            Release();
        }
    }

    /// Completes when nothing is queued or being worked on (tests, and the CLI after a load).
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    internal ChannelReader<Guid> Reader => _channel.Reader;

    /// Counts work that is not in the channel yet (the worker's start-up scan) as pending.
    internal void Hold()
    {
        lock (_gate)
        {
            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }
    }

    /// One queued or held piece of work is done.
    internal void Release()
    {
        lock (_gate)
        {
            if (--_pending == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }
        return source;
    }
}
