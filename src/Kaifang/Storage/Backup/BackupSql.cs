using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kaifang.Storage.Backup;

/// The SQL a backup and a restore send, and the little in it that differs between SQLite and PostgreSQL: how a
/// snapshot is begun, how text keys are ordered, what identity columns need, and what PostgreSQL refuses to hold.
internal sealed class BackupSql
{
    private readonly ISqlGenerationHelper _sql;

    public BackupSql(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        _sql = db.GetService<ISqlGenerationHelper>();
        Provider = BackupContents.ProviderOf(db);
    }

    public DatabaseProvider Provider { get; }

    private bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    public string Table(BackupTableMap table) => _sql.DelimitIdentifier(table.Name, table.Schema);

    public string Column(BackupColumnMap column) => _sql.DelimitIdentifier(column.Name);

    /// Every row in key order. Text keys are ordered by code point on PostgreSQL as SQLite orders them, whatever the
    /// database's collation, so a backup lists rows alike from either.
    public string SelectAll(BackupTableMap table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(Column))} FROM {Table(table)} ORDER BY "
        + string.Join(", ", table.Key.Select(k => IsPostgreSql && k.Kind == BackupValueKind.String ? $"{Column(k)} COLLATE \"C\"" : Column(k)));

    public string SelectKeys(BackupTableMap table, int limit) =>
        $"SELECT {string.Join(", ", table.Key.Select(Column))} FROM {Table(table)} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";

    public string DeleteAll(BackupTableMap table) => $"DELETE FROM {Table(table)}";

    /// How many rows one INSERT carries. PostgreSQL gains from fewer round trips, up to well inside its limit of
    /// 65,535 parameters a statement; SQLite, in the same process, gains nothing and binds each parameter by name, so
    /// it takes one row a statement, prepared once.
    public int RowsPerInsert(int columns) => IsPostgreSql ? Math.Clamp(2000 / Math.Max(columns, 1), 1, 100) : 1;

    /// An insert of <paramref name="rows"/> rows, parameters @p0… row by row. The keys are given, not generated:
    /// PostgreSQL is told so, which an identity column "generated always" would otherwise refuse.
    public string Insert(BackupTableMap table, IReadOnlyList<BackupColumnMap> columns, int rows)
    {
        var text = new System.Text.StringBuilder()
            .Append("INSERT INTO ").Append(Table(table))
            .Append(" (").AppendJoin(", ", columns.Select(Column)).Append(')')
            .Append(IsPostgreSql ? " OVERRIDING SYSTEM VALUE VALUES " : " VALUES ");
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                text.Append(column == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@p{row * columns.Count + column}");
            }
            text.Append(')');
        }
        return text.ToString();
    }

    /// Sets the columns filled in after every row is in, @p0… in <paramref name="set"/> order, then the key's.
    public string Update(BackupTableMap table, IReadOnlyList<BackupColumnMap> set) =>
        $"UPDATE {Table(table)} SET {string.Join(", ", set.Select((c, i) => $"{Column(c)} = @p{i}"))} WHERE "
        + string.Join(" AND ", table.Key.Select((k, i) => $"{Column(k)} = @p{set.Count + i}"));

    /// A parameter typed as EF Core types the column's, so values are stored exactly as the app stores them
    /// (GUIDs as upper-case text on SQLite, decimals as text there, instants as timestamptz on PostgreSQL).
    public static DbParameter Parameter(DbCommand command, BackupColumnMap column, string name) =>
        column.Mapping.CreateParameter(command, name, null, nullable: true);

    /// A value ready for a parameter of the column.
    public static object Bind(BackupColumnMap column, object? value) => value switch
    {
        null => DBNull.Value,
        // A timestamp without time zone takes no UTC date-time on PostgreSQL; the model has none, but it keeps the
        // same wall-clock value if one appears.
        DateTime d when column.Mapping.StoreType.StartsWith("timestamp without", StringComparison.OrdinalIgnoreCase)
            || column.Mapping.StoreType.Equals("timestamp", StringComparison.OrdinalIgnoreCase) => DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
        _ => value,
    };

    /// Why the target database could not hold this value, or null when it can. PostgreSQL enforces the model's
    /// maximum lengths, which SQLite does not, and keeps no NUL character in text.
    public string? CannotHold(BackupColumnMap column, object value)
    {
        if (!IsPostgreSql || value is not string text)
        {
            return null;
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return "it holds a NUL character, which PostgreSQL does not keep in text";
        }
        if (column.MaxLength is { } max && text.Length > max)
        {
            // PostgreSQL counts characters; .NET counts UTF-16 units, two for a character beyond the BMP.
            var characters = text.EnumerateRunes().Count();
            if (characters > max)
            {
                return $"it is {characters:N0} characters long, and PostgreSQL keeps at most {max:N0} in this column";
            }
        }
        return null;
    }

    /// A read-only transaction that sees one moment of the database for as long as it lasts: repeatable read (a
    /// snapshot) on PostgreSQL; on SQLite a deferred transaction, whose read lock from the first read to the end keeps
    /// writers from committing until the backup has read every table.
    public static async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true);
        }
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var readOnly = connection.CreateCommand();
        readOnly.Transaction = transaction;
        readOnly.CommandText = "SET TRANSACTION READ ONLY";
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private static void AddText(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// Moves each identity sequence past the largest key restored, so that the next row the app adds takes a new
    /// number. SQLite needs nothing: AUTOINCREMENT follows the largest key ever inserted.
    public async Task ResetSequencesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<BackupTableMap> tables, CancellationToken cancellationToken)
    {
        if (!IsPostgreSql)
        {
            return;
        }
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(c => c.Kind is BackupValueKind.Int16 or BackupValueKind.Int32 or BackupValueKind.Int64))
            {
                await using var find = connection.CreateCommand();
                find.Transaction = transaction;
                find.CommandText = "SELECT pg_get_serial_sequence(@table, @column)";
                AddText(find, "table", Table(table));
                AddText(find, "column", column.Name);
                if (await find.ExecuteScalarAsync(cancellationToken) is not string sequence)
                {
                    continue;
                }
                // When the table has rows: the sequence then gives the largest key plus one next.
                await using var set = connection.CreateCommand();
                set.Transaction = transaction;
                set.CommandText = $"SELECT setval(CAST(@sequence AS regclass), MAX({Column(column)})) FROM {Table(table)} HAVING MAX({Column(column)}) IS NOT NULL";
                AddText(set, "sequence", sequence);
                await set.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
