using System.Data.Common;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kaifang.Pipelines.Runs;

/// What an administrator enters for a database connection. The connection string is write-only: an
/// update that leaves it empty keeps the one saved.
public sealed record DatabaseConnectionInput
{
    public string? Name { get; init; }
    public string? Title { get; init; }

    /// sqlite or postgresql.
    public string? Kind { get; init; }

    /// The agency's code; its datasets and those of the agencies below it may use the connection.
    public string? Agency { get; init; }
    public string? ConnectionString { get; init; }
}

/// The database connections pipelines query. Only administrators of the owning agency (agency
/// administrators, system administrators) list, add, change or remove them; the connection string is
/// stored encrypted with ASP.NET Core Data Protection (keys under the data directory) and never shown
/// again whole: its password is left out.
public sealed class DatabaseConnections(KaifangDbContext db, AgencyDirectory agencies, IDataProtectionProvider protection, TimeProvider time)
{
    private IDataProtector Protector => protection.CreateProtector("Kaifang.Pipelines.DatabaseConnections");

    public static string KindName(DatabaseKind kind) => kind == DatabaseKind.PostgreSql ? "postgresql" : "sqlite";

    public async Task<IReadOnlyList<DatabaseConnection>> ListAsync(StaffScope who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var all = await db.DatabaseConnections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. all.Where(c => who.Can(StaffAction.ManageStaff, c.AgencyId))];
    }

    /// The names a pipeline of the agency may use (anyone who edits its datasets may see the names).
    public async Task<IReadOnlyList<(string Name, string Title)>> UsableAsync(int agencyId, CancellationToken cancellationToken)
    {
        var all = await db.DatabaseConnections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. all.Where(c => agencies.Tree.SelfAndDescendants(c.AgencyId).Contains(agencyId)).Select(c => (c.Name, c.Title))];
    }

    public async Task<CatalogResult<DatabaseConnection>> FindAsync(StaffScope who, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var lowered = name.ToLowerInvariant();
        var found = await db.DatabaseConnections.FirstOrDefaultAsync(c => c.Name == lowered, cancellationToken);
        if (found is null || !who.Reaches(found.AgencyId))
        {
            return CatalogResult<DatabaseConnection>.NotFound();
        }
        return who.Can(StaffAction.ManageStaff, found.AgencyId) ? CatalogResult<DatabaseConnection>.Ok(found) : CatalogResult<DatabaseConnection>.Forbidden();
    }

    public async Task<CatalogResult<DatabaseConnection>> CreateAsync(StaffScope who, DatabaseConnectionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var (errors, agency, kind) = Validate(input, requireConnectionString: true);
        if (agency is { } a && !who.Can(StaffAction.ManageStaff, a.Id))
        {
            return CatalogResult<DatabaseConnection>.Forbidden();
        }
        var name = (input.Name ?? "").Trim().ToLowerInvariant();
        if (errors.IsValid && await db.DatabaseConnections.AnyAsync(c => c.Name == name, cancellationToken))
        {
            errors.Add("name", $"已有名為「{name}」的連線。", $"There is a connection named '{name}' already.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<DatabaseConnection>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var connection = new DatabaseConnection
        {
            Id = Guid.NewGuid(),
            Name = name,
            Title = input.Title!.Trim(),
            Kind = kind,
            AgencyId = agency!.Id,
            ProtectedConnectionString = Protector.Protect(input.ConnectionString!.Trim()),
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.DatabaseConnections.Add(connection);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<DatabaseConnection>.Ok(connection);
    }

    public async Task<CatalogResult<DatabaseConnection>> UpdateAsync(StaffScope who, string name, DatabaseConnectionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var found = await FindAsync(who, name, cancellationToken);
        if (found.Value is not { } connection)
        {
            return found;
        }
        var (errors, agency, kind) = Validate(input with { Name = connection.Name }, requireConnectionString: false);
        if (agency is { } a && !who.Can(StaffAction.ManageStaff, a.Id))
        {
            return CatalogResult<DatabaseConnection>.Forbidden();
        }
        if (!errors.IsValid)
        {
            return CatalogResult<DatabaseConnection>.Invalid(errors);
        }
        connection.Title = input.Title!.Trim();
        connection.Kind = kind;
        connection.AgencyId = agency!.Id;
        if (!string.IsNullOrWhiteSpace(input.ConnectionString))
        {
            connection.ProtectedConnectionString = Protector.Protect(input.ConnectionString.Trim());
        }
        connection.ModifiedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<DatabaseConnection>.Ok(connection);
    }

    public async Task<CatalogResult<DatabaseConnection>> DeleteAsync(StaffScope who, string name, CancellationToken cancellationToken)
    {
        var found = await FindAsync(who, name, cancellationToken);
        if (found.Value is not { } connection)
        {
            return found;
        }
        db.DatabaseConnections.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// The connection string with its password left out, for administrators to recognise it.
    public string Redacted(DatabaseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var text = Protector.Unprotect(connection.ProtectedConnectionString);
        try
        {
            DbConnectionStringBuilder builder = connection.Kind == DatabaseKind.PostgreSql ? new NpgsqlConnectionStringBuilder(text) : new SqliteConnectionStringBuilder(text);
            foreach (var key in new[] { "Password", "Pwd" })
            {
                builder.Remove(key);
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    /// A connection (not yet open) for a pipeline of the agency: read-only where the driver can say so.
    public async Task<(DbConnection Connection, DatabaseKind Kind)> OpenAsync(string name, int agencyId, CancellationToken cancellationToken)
    {
        var lowered = name.ToLowerInvariant();
        var found = await db.DatabaseConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Name == lowered, cancellationToken);
        if (found is null || !agencies.Tree.SelfAndDescendants(found.AgencyId).Contains(agencyId))
        {
            throw new PipelineFailureException(FailureCodes.ConnectionMissing,
                $"找不到資料庫連線「{name}」，或這個機關不能使用它。請機關管理者在「資料庫連線」設定，或改選其他連線。",
                $"There is no database connection '{name}' this agency may use. Ask an agency administrator to set it up under Database connections, or choose another.");
        }
        string text;
        try
        {
            text = Protector.Unprotect(found.ProtectedConnectionString);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new PipelineFailureException(FailureCodes.ConnectionMissing,
                $"資料庫連線「{name}」的設定無法解密（金鑰已更換或遺失）。請機關管理者重新輸入連線字串。",
                $"The settings of database connection '{name}' cannot be decrypted (the keys were changed or lost). Ask an agency administrator to enter its connection string again.", e);
        }
        if (found.Kind == DatabaseKind.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(text) { Options = "-c default_transaction_read_only=on", Pooling = false };
            return (new NpgsqlConnection(builder.ConnectionString), found.Kind);
        }
        var sqlite = new SqliteConnectionStringBuilder(text) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        return (new SqliteConnection(sqlite.ConnectionString), found.Kind);
    }

    private (ValidationErrors Errors, AgencyNode? Agency, DatabaseKind Kind) Validate(DatabaseConnectionInput input, bool requireConnectionString)
    {
        var errors = new ValidationErrors();
        var name = (input.Name ?? "").Trim().ToLowerInvariant();
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add("name", "名稱請用小寫英文字母、數字與連字號（例如 bli-insurance），最多 100 字。", "Name it in lower-case letters, digits and hyphens (e.g. bli-insurance), at most 100 characters.");
        }
        errors.Required("title", input.Title, "請填寫連線的說明名稱。", "Enter a title for the connection.");
        errors.MaxLength("title", input.Title, 300);
        var kind = DatabaseKind.Sqlite;
        switch ((input.Kind ?? "").Trim().ToLowerInvariant())
        {
            case "sqlite":
                break;
            case "postgresql" or "postgres":
                kind = DatabaseKind.PostgreSql;
                break;
            default:
                errors.Add("kind", "資料庫種類須為 sqlite 或 postgresql。", "The kind is sqlite or postgresql.");
                break;
        }
        var agency = agencies.Tree.FindByCode((input.Agency ?? "").Trim());
        if (agency is null)
        {
            errors.Add("agency", $"找不到機關代碼「{input.Agency}」。", $"There is no agency with code '{input.Agency}'.");
        }
        if (!string.IsNullOrWhiteSpace(input.ConnectionString))
        {
            try
            {
                if (kind == DatabaseKind.PostgreSql)
                {
                    if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(input.ConnectionString).Host))
                    {
                        errors.Add("connectionString", "PostgreSQL 連線字串須有 Host（例如 Host=db.example;Database=stats;Username=reader;Password=…）。",
                            "A PostgreSQL connection string needs a Host (e.g. Host=db.example;Database=stats;Username=reader;Password=…).");
                    }
                }
                else if (string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(input.ConnectionString).DataSource))
                {
                    errors.Add("connectionString", "SQLite 連線字串須有 Data Source（資料庫檔案的路徑）。", "A SQLite connection string needs a Data Source (the database file's path).");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                errors.Add("connectionString", $"連線字串格式有誤：{e.Message}", $"The connection string is not well formed: {e.Message}");
            }
        }
        else if (requireConnectionString)
        {
            errors.Add("connectionString", "請填寫連線字串。", "Enter the connection string.");
        }
        return (errors, agency, kind);
    }
}
