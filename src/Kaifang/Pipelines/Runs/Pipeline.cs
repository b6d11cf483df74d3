namespace Kaifang.Pipelines.Runs;

/// A resource's pipeline (自動更新): where its data comes from, the cleaning steps, the outputs and
/// when it runs. One per resource; the resource's file is what the pipeline last published.
public sealed class Pipeline
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }

    /// The resource the pipeline's CSV output is published as.
    public Guid ResourceId { get; set; }

    public PipelineSourceKind SourceKind { get; set; }

    /// The source's settings (<see cref="PipelineSource"/>) as JSON.
    public string Source { get; set; } = "{}";

    /// The cleaning steps as <see cref="PipelineSteps"/> reads them.
    public string Steps { get; set; } = "[]";

    /// The Frictionless Table Schema the output is validated against; null for none (then the header
    /// must stay the one last published).
    public string? Schema { get; set; }

    /// Further outputs besides the CSV, each a resource of the dataset (<see cref="PipelineOutput"/>) as JSON.
    public string Outputs { get; set; } = "[]";

    public PipelineScheduleKind ScheduleKind { get; set; } = PipelineScheduleKind.Manual;

    /// A Quartz cron expression in Taiwan time, when <see cref="ScheduleKind"/> is Cron.
    public string? Cron { get; set; }

    public bool Enabled { get; set; } = true;

    /// When the schedule next runs it; null when it is not scheduled. A time in the past is a run
    /// missed (Kaifang was down, or a retry is due): the sweep runs it once.
    public DateTimeOffset? NextRunAt { get; set; }

    /// Failed scheduled runs in a row; reset by a run that does not fail.
    public int FailedAttempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
}

public enum PipelineSourceKind
{
    /// A file at an HTTP(S) address: CSV, TSV, JSON, XML, XLS, XLSX, ODS.
    Url = 0,
    /// A file an officer uploaded, kept in the file store.
    Upload = 1,
    /// A table on a web page.
    HtmlTable = 2,
    /// A query on a configured database connection.
    Sql = 3,
}

public enum PipelineScheduleKind
{
    /// Runs only when someone asks.
    Manual = 0,
    /// As the dataset's update frequency (更新頻率) implies.
    Frequency = 1,
    /// A cron expression.
    Cron = 2,
}

/// A further output of a pipeline: its format and the resource it is published as (made on the first run).
public sealed record PipelineOutput(string Format, Guid? ResourceId);

/// One run of a pipeline.
public sealed class PipelineRun
{
    public Guid Id { get; set; }
    public Guid PipelineId { get; set; }
    public Guid DatasetId { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public PipelineRunStatus Status { get; set; } = PipelineRunStatus.Running;

    /// Who or what started it: a user name, "schedule", "retry" or "cli".
    public string Trigger { get; set; } = "";

    public long RowsIn { get; set; }
    public long RowsOut { get; set; }
    public long Warnings { get; set; }

    /// Against the version live before the run (null when there was none).
    public long? RowsAdded { get; set; }
    public long? RowsRemoved { get; set; }
    public long? RowsChanged { get; set; }

    /// SHA-256 of the CSV the run made (null when it made none).
    public string? ContentHash { get; set; }

    /// The version it published, if any.
    public Guid? VersionId { get; set; }

    /// Why it failed, in Chinese and English.
    public string? Message { get; set; }
    public string? MessageEn { get; set; }

    /// The report (<see cref="PipelineRunReport"/>) as JSON: validation errors, step issues, personal data.
    public string Report { get; set; } = "{}";

    /// What the run did, a line per stage, readable by a person.
    public string Log { get; set; } = "";

    /// The node (web process or command line) making the run, and when it last said it still is: a run
    /// not heard from for <see cref="PipelineOptions.RunTimeoutSeconds"/> is taken as stopped.
    public Guid? Node { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// Someone asked to stop the run; the node making it sees this at its next heartbeat.
    public bool CancelRequested { get; set; }
}

public enum PipelineRunStatus
{
    Running = 0,
    /// A new version was published.
    Succeeded = 1,
    /// The content was the live version's: nothing was published.
    Unchanged = 2,
    /// The source could not be read, a step could not run, or the run was stopped: nothing was published.
    Failed = 3,
    /// The table did not pass its schema: nothing was published.
    Invalid = 4,
}

/// One published content of a resource, kept for good: the file stays in the store under its hash.
public sealed class ResourceVersion
{
    public Guid Id { get; set; }
    public Guid ResourceId { get; set; }
    public Guid DatasetId { get; set; }

    /// 1, 2, 3 … per resource.
    public int Number { get; set; }

    public required string ContentHash { get; set; }
    public long Size { get; set; }
    public long RowCount { get; set; }
    public required string Format { get; set; }
    public required string FileName { get; set; }
    public required string MediaType { get; set; }
    public DateTimeOffset PublishedAt { get; set; }

    /// The run that made it.
    public Guid? RunId { get; set; }

    /// The column names, as JSON.
    public string Columns { get; set; } = "[]";
}

/// A database a pipeline may query (業務系統資料庫). The connection string is kept encrypted; only
/// administrators of its agency see or change it. Pipelines name it.
public sealed class DatabaseConnection
{
    public Guid Id { get; set; }

    /// URL name, lower-case, e.g. "bli-insurance".
    public required string Name { get; set; }
    public required string Title { get; set; }
    public DatabaseKind Kind { get; set; }
    public int AgencyId { get; set; }

    /// The connection string, protected with ASP.NET Core Data Protection.
    public required string ProtectedConnectionString { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
}

public enum DatabaseKind
{
    Sqlite = 0,
    PostgreSql = 1,
}
