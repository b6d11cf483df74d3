using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Kaifang.Storage.Backup;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Storage.Backup;

/// What a backup holds is read from the model: every entity type's table, the same on both databases, in an order a
/// restore can insert.
public sealed class BackupSchemaTests
{
    private static KaifangDbContext Sqlite() => new(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgreSqlKaifangDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

    [Fact]
    public void Only_the_change_record_and_claims_on_running_work_are_left_out_of_backups()
    {
        // Leaving a table out loses its rows on every restore: it needs a reason in BackupContents, the docs
        // (docs/operations.md) and this test.
        Assert.Equal([typeof(CatalogChange), typeof(WorkClaimRow)], BackupContents.LeftOutEntities.Keys);
    }

    [Fact]
    public void Every_entity_type_and_property_of_the_model_is_backed_up_unless_left_out()
    {
        foreach (var db in new KaifangDbContext[] { Sqlite(), PostgreSql() })
        {
            using (db)
            {
                var schema = BackupContents.Schema(db);
                foreach (var type in db.Model.GetEntityTypes())
                {
                    var table = schema.Find(type.GetTableName()!);
                    if (BackupContents.LeftOutEntities.ContainsKey(type.ClrType))
                    {
                        Assert.Null(table);
                        continue;
                    }
                    Assert.True(table is not null, $"{type.DisplayName()}'s table {type.GetTableName()} is not backed up.");
                    foreach (var property in type.GetProperties())
                    {
                        Assert.True(table.Find(property.GetColumnName()) is not null, $"{type.DisplayName()}.{property.Name} is not backed up.");
                    }
                }
            }
        }
    }

    [Fact]
    public void Both_databases_back_up_the_same_tables_in_the_same_order_with_the_same_kinds_of_values()
    {
        static List<string> Describe(KaifangDbContext db) =>
            [.. BackupContents.Schema(db).Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.Kind} {(c.IsNullable ? "null" : "not null")}"))];
        using var sqlite = Sqlite();
        using var postgres = PostgreSql();

        Assert.Equal(Describe(sqlite), Describe(postgres));
    }

    [Fact]
    public void Each_table_comes_after_the_tables_its_keys_point_to_or_fills_them_in_later()
    {
        using var db = Sqlite();
        var schema = BackupContents.Schema(db);
        var order = schema.Tables.Select((t, i) => (t.Name, i)).ToDictionary(t => t.Name, t => t.i);
        foreach (var table in db.Model.GetRelationalModel().Tables.Where(t => order.ContainsKey(t.Name)))
        {
            var later = schema.Find(table.Name)!.FilledInLater.Select(c => c.Name).ToHashSet();
            foreach (var key in table.ForeignKeyConstraints.Where(k => !k.Columns.All(c => later.Contains(c.Name))))
            {
                Assert.True(order[key.PrincipalTable.Name] < order[table.Name], $"{table.Name} comes before {key.PrincipalTable.Name}, which it points to.");
            }
        }
        // An agency's parent may be any agency, added before or after it.
        Assert.Equal(["ParentId"], schema.Find("Agencies")!.FilledInLater.Select(c => c.Name));
    }

    [Fact]
    public void The_legal_bases_migrations_put_in_are_known_as_rows_a_new_database_has()
    {
        using var db = Sqlite();

        var seeds = BackupContents.Schema(db).Find("LegalBases")!.SeedKeys;

        Assert.Equal(LegalBasisSeed.All.Select(b => $"\"{b.Code}\"").Order(), seeds.Select(k => Assert.Single(k)).Order());
    }
}
