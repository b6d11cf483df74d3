namespace Kaifang.Datastore;

/// A datastore_search: which rows of a resource's table, which columns, in what order.
public sealed record DatastoreSearch
{
    public const int DefaultLimit = 100;

    /// Most rows one search returns (CKAN's ckan.datastore.search.rows_max).
    public const int MaxLimit = 32000;

    public required Guid ResourceId { get; init; }

    /// Field → the values it may have (one value: equal to it; several: any of them; null: empty).
    public IReadOnlyDictionary<string, IReadOnlyList<string?>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string?>>();

    /// Words each row must contain somewhere in its text columns.
    public string? Query { get; init; }

    /// Field → text that field must contain.
    public IReadOnlyDictionary<string, string> FieldQueries { get; init; } = new Dictionary<string, string>();

    /// The fields to return, in order; empty for all (with "_id" first).
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// "field [asc|desc], field2 …"; empty for table order ("_id").
    public string? Sort { get; init; }

    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
    public bool IncludeTotal { get; init; } = true;

    /// Only distinct combinations of the returned fields.
    public bool Distinct { get; init; }
}

/// The rows found: the fields returned (with "_id" as an integer when returned), the records as
/// values in field order (booleans as bool), and the total that matched, when asked for.
public sealed record DatastoreSearchResult(DatastoreTable Table, IReadOnlyList<DatastoreField> Fields, IReadOnlyList<object?[]> Records, long? Total);

/// A DataStore request that cannot be answered: no such table, a bad parameter, or a refused SQL statement.
public sealed class DatastoreQueryException : Exception
{
    private DatastoreQueryException(DatastoreRefusal kind, string? field, string english, string chinese, string? unknownField = null)
        : base(english)
    {
        Kind = kind;
        Field = field;
        Chinese = chinese;
        UnknownField = unknownField;
    }

    public DatastoreRefusal Kind { get; }

    /// The parameter to fix, for a validation error.
    public string? Field { get; }

    /// The column named that the table does not have, when that is what is wrong (as opposed to a bad value).
    public string? UnknownField { get; }

    /// The message in Traditional Chinese; Message is the English one.
    public string Chinese { get; }

    public string MessageIn(bool english) => english ? Message : Chinese;

    public static DatastoreQueryException NotFound(Guid resourceId) => new(DatastoreRefusal.NotFound, null,
        $"Resource \"{resourceId}\" was not found in the DataStore: it is not a published, uploaded table (CSV, TSV, JSON, XLS, XLSX, ODS), or it is still being loaded.",
        $"資料存放區中沒有資料資源「{resourceId}」：它不是已上架的上傳表格檔（CSV、TSV、JSON、XLS、XLSX、ODS），或仍在載入中。");

    public static DatastoreQueryException Invalid(string field, string english, string chinese) => new(DatastoreRefusal.Invalid, field, english, chinese);

    /// A parameter names a column the table does not have.
    public static DatastoreQueryException NoSuchField(string parameter, string name, string english, string chinese) =>
        new(DatastoreRefusal.Invalid, parameter, english, chinese, name);

    public static DatastoreQueryException Forbidden(string english, string chinese) => new(DatastoreRefusal.Forbidden, null, english, chinese);
}

public enum DatastoreRefusal
{
    NotFound,
    Invalid,
    Forbidden,
}
