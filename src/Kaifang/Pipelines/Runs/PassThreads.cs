using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Kaifang.Pipelines.Runs;

/// What each thread of a run's pass over the rows did, to see which one bounds the pass: a pass whose
/// stages hand rows to each other takes as long as its busiest thread (or as the work of all of them
/// shared by the cores, when there are fewer cores than threads).
public sealed class PassThreads
{
    private readonly ConcurrentQueue<PassThread> _threads = new();

    /// In the order the threads finished.
    public IReadOnlyList<PassThread> Threads => [.. _threads];

    internal void Add(PassThread thread) => _threads.Enqueue(thread);
}

/// One thread of the pass: how long it ran, how long it waited for rows from the stage before it and for
/// room in the stage after it, and, read from Linux's scheduler (null elsewhere), its CPU time and how
/// long it was ready to run but waited for a core.
public sealed record PassThread(string Name, TimeSpan Elapsed, TimeSpan WaitedForRows, TimeSpan WaitedForRoom, TimeSpan? Cpu, TimeSpan? WaitedForCore)
{
    /// The time it was not waiting for another stage.
    public TimeSpan Busy => Elapsed - WaitedForRows - WaitedForRoom;
}

/// The current thread's CPU time and run-queue wait so far, from /proc/thread-self/schedstat (Linux).
internal readonly record struct ThreadClock(TimeSpan Cpu, TimeSpan WaitedForCore)
{
    public static ThreadClock? Now()
    {
        try
        {
            var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
            return new ThreadClock(
                TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100),
                TimeSpan.FromTicks(long.Parse(fields[1], CultureInfo.InvariantCulture) / 100));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// A stage thread's record, from its clock at its start and now.
    public static PassThread Since(string name, Stopwatch elapsed, ThreadClock? start, TimeSpan waitedForRows, TimeSpan waitedForRoom)
    {
        var end = Now();
        return new PassThread(name, elapsed.Elapsed, waitedForRows, waitedForRoom,
            end - start is { } d ? d.Cpu : null, end - start is { } w ? w.WaitedForCore : null);
    }

    public static ThreadClock operator -(ThreadClock a, ThreadClock b) => new(a.Cpu - b.Cpu, a.WaitedForCore - b.WaitedForCore);

    public static ThreadClock Subtract(ThreadClock a, ThreadClock b) => a - b;
}
