using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Pipelines.Runs;
using Kaifang.Search;
using Kaifang.Storage;
using Kaifang.Storage.Backup;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Storage.Backup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kaifang.Tests.Cli;

/// An instance moved from the test run's database to the other one and back: SQLite → PostgreSQL → SQLite on the
/// SQLite run, PostgreSQL → SQLite → PostgreSQL on the PostgreSQL run.
public sealed class BackupRoundTripTests : IDisposable
{
    private const string ConnectionString = "Host=db.example;Database=勞保;Username=bli;Password=秘密-Passw0rd";

    private readonly CliRun _source = new() { SeedDemoCatalog = true };
    private readonly CliRun _other = new(TestDatabase.CreateOtherSettings());
    private readonly CliRun _back = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kaifang-backup-{Guid.NewGuid():N}");

    public BackupRoundTripTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task An_instance_restored_onto_the_other_database_and_back_keeps_every_row_file_and_secret()
    {
        Assert.NotEqual(_source.IsPostgreSql, _other.IsPostgreSql);
        var (seeded, seedOutput) = await _source.RunAsync("users", "list");
        Assert.True(seeded == 0, seedOutput);
        var (token, filler) = await FillAsync();

        var first = await BackUpAsync(_source, "first.zip");
        var restored = await RestoreAsync(_other, first);
        Assert.Contains("kaifang datastore load", restored, StringComparison.Ordinal);
        var second = await BackUpAsync(_other, "second.zip");
        await RestoreAsync(_back, second);
        var third = await BackUpAsync(_back, "third.zip");

        var (a, b, c) = (BackupZip.Read(first), BackupZip.Read(second), BackupZip.Read(third));
        Assert.Equal(a.Tables.Keys, b.Tables.Keys);
        Assert.Equal(b.Tables.Keys, c.Tables.Keys);
        foreach (var table in a.Manifest.Tables)
        {
            // Every table the model has is backed up and has rows here: a new entity type fails this until the
            // round trip fills its table (EveryTableFiller does, unless it meets a type it cannot make).
            Assert.True(table.Rows > 0, $"{table.Name} is empty in the round trip's backup.");
            // Across databases, times are the same to the microsecond (PostgreSQL keeps no tenths of one) and every
            // other value is the same; back on the first kind of database, every value is the same as read there.
            AssertSameRows(table.Name, a.RowsToTheMicrosecond(table.Name), b.RowsToTheMicrosecond(table.Name));
            AssertSameRows(table.Name, b.Tables[table.Name], c.Tables[table.Name]);
        }
        Assert.DoesNotContain("CatalogChanges", a.Tables.Keys);

        // The files and keys, byte for byte, in every backup and in every restored instance.
        var store = Directory.EnumerateFiles(Path.Combine(_source.DataDirectory, "files"), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .ToDictionary(f => "files/" + Path.GetRelativePath(Path.Combine(_source.DataDirectory, "files"), f).Replace('\\', '/'), File.ReadAllBytes);
        Assert.NotEmpty(store);
        Assert.NotEmpty(a.Keys);
        foreach (var backup in new[] { a, b, c })
        {
            Assert.Equal(store.Keys.Order(), backup.Files.Keys.Order());
            Assert.All(store, f => Assert.Equal(f.Value, backup.Files[f.Key]));
            Assert.Equal(a.Keys.Keys.Order(), backup.Keys.Keys.Order());
            Assert.All(a.Keys, k => Assert.Equal(k.Value, backup.Keys[k.Key]));
        }
        foreach (var instance in new[] { _other, _back })
        {
            Assert.All(store, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(instance.DataDirectory, f.Key))));
        }

        await using (var source = _source.OpenDb())
        {
            Assert.True(await source.CatalogChanges.AnyAsync(), "The source has a change record, which backups leave out.");
        }
        foreach (var instance in new[] { _other, _back })
        {
            await AssertReadableAsync(instance, a.Manifest);
            await AssertSecretsAsync(instance, token);
        }
        await using (var source = _source.OpenDb())
        await using (var back = _back.OpenDb())
        {
            await filler.AssertSameInAsync(source, back);
        }
    }

    // The demo catalog, an API token, a database connection encrypted with this instance's keys, and two rows in
    // every table of the model.
    private async Task<(string Token, EveryTableFiller Filler)> FillAsync()
    {
        using var host = _source.BuildHost();
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<KaifangDbContext>();
        var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
        var (_, token) = await services.GetRequiredService<ApiTokens>().CreateAsync(admin.Id, "備份測試", null, CancellationToken.None);
        var scopeOfAdmin = new StaffScope(admin.Id, admin.UserName!, StaffRole.SystemAdmin, admin.AgencyId,
            services.GetRequiredService<AgencyDirectory>().Tree.SelfAndDescendants(admin.AgencyId));
        var created = await services.GetRequiredService<DatabaseConnections>().CreateAsync(scopeOfAdmin,
            new DatabaseConnectionInput { Name = "bli-insurance", Title = "勞保資料庫", Kind = "postgresql", Agency = "MOL", ConnectionString = ConnectionString },
            CancellationToken.None);
        Assert.NotNull(created.Value);

        var filler = new EveryTableFiller();
        await filler.FillAsync(db, BackupContents.LeftOutEntities.Keys.ToHashSet());
        return (token, filler);
    }

    private async Task<string> BackUpAsync(CliRun instance, string name)
    {
        var file = Path.Combine(_folder, name);
        var (exit, output) = await instance.RunAsync("backup", "--output", file);
        Assert.True(exit == 0, output);
        Assert.Contains("Backed up 48 tables", output, StringComparison.Ordinal);
        Assert.Contains("holds secrets", output, StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));
        return file;
    }

    private static async Task<string> RestoreAsync(CliRun instance, string file)
    {
        var (exit, output) = await instance.RunAsync("restore", file);
        Assert.True(exit == 0, output);
        Assert.Contains("Restored 48 tables", output, StringComparison.Ordinal);
        Assert.Contains("Indexed", output, StringComparison.Ordinal);
        return output;
    }

    private static void AssertSameRows(string table, List<string> expected, List<string> actual)
    {
        Assert.True(expected.Count == actual.Count, $"{table}: {expected.Count} rows, then {actual.Count}.");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"{table}, row {i + 1}:\n{expected[i]}\nbecame\n{actual[i]}");
        }
    }

    // Every entity of every table reads back through EF Core, as many as were backed up; the search index holds
    // every dataset; nothing is in the change record.
    private static async Task AssertReadableAsync(CliRun instance, BackupManifest manifest)
    {
        await using var db = instance.OpenDb();
        foreach (var type in db.Model.GetEntityTypes())
        {
            var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            var entities = await set.AsNoTracking().ToListAsync();
            var expected = manifest.Tables.FirstOrDefault(t => t.Name == type.GetTableName())?.Rows ?? 0;
            Assert.True(entities.Count == expected, $"{type.DisplayName()}: {entities.Count} read back, {expected} backed up.");
        }
        using var host = instance.BuildHost();
        using var scope = host.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogIndexer>().IsStaleAsync(CancellationToken.None),
            "The restore rebuilt the search index with every dataset.");
    }

    // The restored keys decrypt the connection the source encrypted; the token and the staff passwords still work;
    // new rows can be added.
    private static async Task AssertSecretsAsync(CliRun instance, string token)
    {
        using var host = instance.BuildHost();
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<KaifangDbContext>();
        var connection = await db.DatabaseConnections.SingleAsync(c => c.Name == "bli-insurance");
        var redacted = services.GetRequiredService<DatabaseConnections>().Redacted(connection);
        Assert.Contains("Database=勞保", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密", redacted, StringComparison.Ordinal);
        var user = await services.GetRequiredService<ApiTokens>().AuthenticateAsync(token, CancellationToken.None);
        Assert.Equal("admin", user?.UserName);
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("bli-officer"))!, CliRun.StaffPassword));

        // A new row takes a new number: PostgreSQL's identity sequences were moved past the restored keys.
        var largest = await db.AuditEntries.MaxAsync(e => e.Id);
        var entry = new Kaifang.Auditing.AuditEntry { At = DateTimeOffset.UtcNow, UserName = "admin", EntityType = "Dataset", Action = Kaifang.Auditing.AuditAction.Updated };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
        Assert.True(entry.Id > largest, $"The new audit entry took number {entry.Id}, not past {largest}.");
    }

    public void Dispose()
    {
        _source.Dispose();
        _other.Dispose();
        _back.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
