namespace Kaifang.Pipelines.Runs;

/// Why a run stopped, said for the data officer in Chinese and English: what happened and what to do.
/// Code names the kind (docs/pipelines.md lists each and what it means).
public sealed class PipelineFailureException(string code, string zh, string en, Exception? inner = null) : Exception(en, inner)
{
    public string Code { get; } = code;
    public string Zh { get; } = zh;
    public string En { get; } = en;
}

public static class FailureCodes
{
    public const string SourceUnreachable = "source-unreachable";
    public const string SourceTimeout = "source-timeout";
    public const string SourceHttpError = "source-http-error";
    public const string SourceRefused = "source-refused";
    public const string SourceTooLarge = "source-too-large";
    public const string SourceUnreadable = "source-unreadable";
    public const string TableNotFound = "table-not-found";
    public const string ConnectionMissing = "connection-missing";
    public const string QueryFailed = "query-failed";
    public const string QueryTimeout = "query-timeout";
    public const string TooManyRows = "too-many-rows";
    public const string BrokenQuoting = "broken-quoting";
    public const string WrongEncoding = "wrong-encoding";
    public const string HeaderChanged = "header-changed";
    public const string StepSettings = "step-settings";
    public const string SchemaUnusable = "schema-unusable";
    public const string Invalid = "invalid";
    public const string Empty = "empty";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";
    public const string Internal = "internal";
}
