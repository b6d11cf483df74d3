using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kaifang.Storage;

/// What a failed save means, the same on every database Kaifang runs on.
public static class DatabaseErrors
{
    /// Whether the save broke a unique index: another request took the same number or name first. SQLite reports
    /// it as a constraint failure (its writers take turns, so it is rare there); PostgreSQL's concurrent
    /// transactions meet it whenever two take the same next number at once.
    public static bool IsUniqueViolation(DbUpdateException exception) => exception?.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// How long to wait before trying a save again after <paramref name="attempt"/> refusals: a few milliseconds,
    /// growing, at random so that the requests that collided do not collide again.
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 10 + 10 * Math.Min(attempt, 10)));
}
