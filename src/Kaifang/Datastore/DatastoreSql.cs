using System.Collections.Frozen;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kaifang.Datastore;

/// datastore_search_sql: one read-only SELECT over DataStore tables. Guarded in depth, each layer
/// enough on its own for what it covers (docs/datastore.md, "The SQL rules"):
/// 1. the text must be one statement starting with SELECT or WITH, without ATTACH, PRAGMA and the like;
/// 2. the connection is opened read-only;
/// 3. SQLite's authorizer allows only SELECT, reading the DataStore's resource tables, recursive
///    CTEs and an allowlist of functions; the meta table and sqlite_* internals cannot be read;
/// 4. a progress handler stops a statement that runs past the time limit;
/// 5. at most <see cref="MaxRows"/> rows are returned, and no value may be longer than 4 MB.
public sealed class DatastoreSql(DatastoreDatabase store, TimeProvider time)
{
    public const int MaxRows = DatastoreSearch.MaxLimit;

    /// The longest text or blob a query may build.
    private const int MaxValueBytes = 4 * 1024 * 1024;

    /// SQLite virtual-machine steps between checks of the clock.
    private const int ProgressSteps = 10_000;

    private static readonly FrozenSet<string> ForbiddenWords = new[]
    {
        "ATTACH", "DETACH", "PRAGMA", "VACUUM", "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "REINDEX", "ANALYZE",
        "LOAD_EXTENSION", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// Functions a query may call: SQLite's core scalar, aggregate, window, date and JSON functions
    /// that only compute on their arguments. Left out: load_extension, randomblob/zeroblob (memory),
    /// sqlite_* (internals), and anything that reads files or settings.
    private static readonly FrozenSet<string> AllowedFunctions = new[]
    {
        "abs", "avg", "cast", "char", "coalesce", "concat", "concat_ws", "count", "date", "datetime", "format", "glob", "group_concat",
        "hex", "ifnull", "iif", "instr", "julianday", "length", "like", "likely", "lower", "ltrim", "max", "min", "nullif",
        "octet_length", "printf", "quote", "random", "replace", "round", "rtrim", "sign", "string_agg", "strftime", "substr",
        "substring", "sum", "time", "timediff", "total", "trim", "typeof", "unicode", "unixepoch", "unlikely", "upper",
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        "ceil", "ceiling", "floor", "trunc", "ln", "log", "log10", "log2", "exp", "pow", "power", "sqrt", "mod", "pi",
        "json", "json_array", "json_array_length", "json_extract", "json_object", "json_type", "json_valid", "json_group_array", "json_group_object",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<DatastoreSqlResult> RunAsync(string? sql, CancellationToken cancellationToken)
    {
        var statement = Check(sql);
        await using var connection = store.OpenRead(pooled: false);
        var tables = DatastoreDatabase.ReadTables(connection).Select(t => DatastoreDatabase.TableName(t.ResourceId)).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        string? refusal = null;
        var started = time.GetTimestamp();
        var timedOut = false;
        var handle = connection.Handle!;
        // No single value (a printf('%.*c', …) or group_concat) may grow past a few megabytes of memory.
        raw.sqlite3_limit(handle, raw.SQLITE_LIMIT_LENGTH, MaxValueBytes);
        raw.sqlite3_set_authorizer(handle, (_, action, first, second, database, _) =>
        {
            refusal = Authorize(action, first, second, database, tables);
            return refusal is null ? raw.SQLITE_OK : raw.SQLITE_DENY;
        }, null);
        raw.sqlite3_progress_handler(handle, ProgressSteps, _ =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return 1;
            }
            timedOut = time.GetElapsedTime(started) > TimeLimit;
            return timedOut ? 1 : 0;
        }, null);
        try
        {
            return await Task.Run(() => Read(connection, statement), cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_AUTH || refusal is not null)
        {
            throw DatastoreQueryException.Forbidden(
                $"Not allowed: {refusal ?? "the statement does something other than read DataStore tables"}. Only SELECT over DataStore tables is allowed.",
                $"不允許：{refusal ?? "此敘述不只讀取資料存放區的資料表"}。只能以 SELECT 查詢資料存放區的資料表。");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT && timedOut)
        {
            throw DatastoreQueryException.Invalid("sql",
                $"The query ran longer than the {TimeLimit.TotalSeconds:0.#} s limit and was stopped; narrow it with WHERE or LIMIT.",
                $"查詢超過 {TimeLimit.TotalSeconds:0.#} 秒的上限而被中止；請以 WHERE 或 LIMIT 縮小範圍。");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is raw.SQLITE_ERROR or raw.SQLITE_RANGE or raw.SQLITE_MISMATCH or raw.SQLITE_TOOBIG)
        {
            throw DatastoreQueryException.Invalid("sql", $"SQLite cannot run the query: {e.Message}", $"SQLite 無法執行此查詢：{e.Message}");
        }
        finally
        {
            raw.sqlite3_progress_handler(handle, 0, null, null);
            raw.sqlite3_set_authorizer(handle, (strdelegate_authorizer?)null, null);
        }
    }

    /// The parse-level rules; returns the statement without a trailing semicolon.
    internal static string Check(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw DatastoreQueryException.Invalid("sql", "Missing value: give one SELECT statement.", "請填寫 sql：一個 SELECT 查詢。");
        }
        var words = new List<string>();
        var statementEnd = -1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i) is var n and >= 0 ? n : sql.Length;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var n and >= 0 ? n + 2 : sql.Length;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var j = i + 1;
                while (j < sql.Length && !(sql[j] == close && (j + 1 >= sql.Length || sql[j + 1] != close || close == ']')))
                {
                    j += sql[j] == close ? 2 : 1;
                }
                i = j + 1;
            }
            else if (c == ';')
            {
                statementEnd = statementEnd < 0 ? i : statementEnd;
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var j = i;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_' || sql[j] == '$'))
                {
                    j++;
                }
                if (statementEnd >= 0)
                {
                    throw DatastoreQueryException.Invalid("sql", "Give one statement only: there is more after the ';'.", "只能有一個 SQL 敘述：分號之後還有內容。");
                }
                words.Add(sql[i..j]);
                i = j;
            }
            else
            {
                i++;
            }
        }
        if (words.Count == 0 || !(words[0].Equals("SELECT", StringComparison.OrdinalIgnoreCase) || words[0].Equals("WITH", StringComparison.OrdinalIgnoreCase)))
        {
            throw DatastoreQueryException.Invalid("sql", "Only a SELECT statement (or WITH … SELECT) is allowed.", "只允許 SELECT（或 WITH … SELECT）查詢。");
        }
        if (words.FirstOrDefault(ForbiddenWords.Contains) is { } forbidden)
        {
            throw DatastoreQueryException.Invalid("sql", $"\"{forbidden}\" is not allowed: the DataStore is read-only here.", $"不允許使用「{forbidden}」：資料存放區在此唯讀。");
        }
        return statementEnd >= 0 ? sql[..statementEnd] : sql;
    }

    private static string? Authorize(int action, string? first, string? second, string? database, FrozenSet<string> tables)
    {
        switch (action)
        {
            case raw.SQLITE_SELECT:
            case raw.SQLITE_RECURSIVE:
                return null;
            case raw.SQLITE_READ:
                // A common table expression's rows come with no database: they are the query's own.
                if (database is null)
                {
                    return null;
                }
                if (database != "main")
                {
                    return $"reading from database \"{database}\"";
                }
                return first is not null && tables.Contains(first) ? null : $"reading table \"{first}\" (only DataStore resource tables may be read)";
            case raw.SQLITE_FUNCTION:
                return second is not null && AllowedFunctions.Contains(second) ? null : $"calling function {second}()";
            case raw.SQLITE_PRAGMA:
                return $"PRAGMA {first}";
            case raw.SQLITE_ATTACH:
                return "ATTACH";
            default:
                return $"an operation other than SELECT (SQLite action {action})";
        }
    }

    private static DatastoreSqlResult Read(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var declared = Enumerable.Range(0, reader.FieldCount).Select(i => Declared(reader, i)).ToArray();
        var records = new List<object?[]>();
        var truncated = false;
        while (reader.Read())
        {
            if (records.Count == MaxRows)
            {
                truncated = true;
                break;
            }
            var row = new object?[names.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                declared[i] ??= row[i] switch
                {
                    long => "int",
                    double => "numeric",
                    string => "text",
                    _ => null,
                };
            }
            records.Add(row);
        }
        var fields = names.Select((n, i) => new DatastoreSqlField(n, declared[i] ?? "text")).ToList();
        return new DatastoreSqlResult(fields, records, truncated);
    }

    private static string? Declared(SqliteDataReader reader, int i)
    {
        string type;
        try
        {
            type = reader.GetDataTypeName(i);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        return type.ToUpperInvariant() switch
        {
            "INTEGER" => "int",
            "REAL" => "numeric",
            "TEXT" => "text",
            _ => null,
        };
    }
}

/// A column of a SQL result: its name and CKAN type.
public sealed record DatastoreSqlField(string Id, string Type);

/// The rows of a SQL query (values as SQLite returned them); Truncated when there were more than MaxRows.
public sealed record DatastoreSqlResult(IReadOnlyList<DatastoreSqlField> Fields, IReadOnlyList<object?[]> Records, bool Truncated);
