namespace Kaifang.Pipelines.Runs;

/// Settings of pipeline runs, bound from "Kaifang:Pipelines" (docs/pipelines.md lists them).
public sealed class PipelineOptions
{
    public const string Section = "Kaifang:Pipelines";

    /// How often due pipelines are looked for: a Quartz cron expression (every minute); empty for none
    /// (pipelines then run only when asked).
    public string SweepSchedule { get; set; } = "0 * * * * ?";

    /// How long reading a URL or web page may take, the whole body included.
    public int SourceTimeoutSeconds { get; set; } = 120;

    /// The largest source file read (URL, web page); a larger one fails the run.
    public long MaxSourceBytes { get; set; } = 512L * 1024 * 1024;

    /// How long a database query may run.
    public int QueryTimeoutSeconds { get; set; } = 60;

    /// The most rows a query may return; more fails the run (narrow the query).
    public int MaxQueryRows { get; set; } = 1_000_000;

    /// Tries of a scheduled run that fails before its people are told (the first included).
    public int Attempts { get; set; } = 3;

    /// The wait before the first retry; each further retry waits twice as long.
    public int RetryDelaySeconds { get; set; } = 300;

    /// A run whose node has not been heard from for this long is taken as stopped (its node was killed or
    /// lost): it is marked failed and its pipeline may run again, on any node. A running node says it is
    /// alive every quarter of this time.
    public int RunTimeoutSeconds { get; set; } = 120;

    /// <see cref="RunTimeoutSeconds"/>, at least four seconds (the heartbeat comes every quarter of it).
    public TimeSpan RunTimeout => TimeSpan.FromSeconds(Math.Max(4, RunTimeoutSeconds));

    /// Runs kept per pipeline; older ones are removed (versions are kept for good).
    public int RunsKept { get; set; } = 200;

    /// The time of day (Taiwan time, hour 0–23) at which runs implied by an update frequency start.
    public int FrequencyHour { get; set; } = 2;
}
