using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Storage;

/// The same model runs on SQLite and PostgreSQL, each with its own migrations, kept in step with the model.
public sealed class DatabaseProviderTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public void The_app_runs_on_the_database_the_test_run_asked_for()
    {
        var provider = app.WithDb(db => db.Database.ProviderName);
        Assert.Equal(TestDatabase.IsPostgreSql ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", provider);
        Assert.Equal(TestDatabase.IsPostgreSql, app.WithDb(db => db is PostgreSqlKaifangDbContext));
    }

    [Fact]
    public void The_SQLite_migrations_hold_every_change_of_the_model()
    {
        using var db = new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed since the last SQLite migration: add one (docs/operations.md, 'Changing the model').");
    }

    [Fact]
    public void The_PostgreSQL_migrations_hold_every_change_of_the_model()
    {
        using var db = new PostgreSqlKaifangDbContext(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql("Host=localhost").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed since the last PostgreSQL migration: add one (docs/operations.md, 'Changing the model').");
    }

    [Fact]
    public void Both_databases_have_the_same_tables_and_columns()
    {
        using var sqlite = new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlKaifangDbContext(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql("Host=localhost").Options);
        static string[] Columns(DbContext db) => db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => $"{t.GetTableName()}.{p.GetColumnName()}"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Columns(sqlite), Columns(postgres));
    }
}
