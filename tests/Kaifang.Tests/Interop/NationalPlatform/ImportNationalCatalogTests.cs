using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.NationalPlatform;

public sealed class ImportNationalCatalogTests : IDisposable
{
    private readonly KaifangAppFactory _app = new();

    // An extra trailing column the importer does not know: it must be kept, not dropped.
    private const string Header = NationalExportFile.OfficialHeader + ",提供機關代碼";

    private const string BliRow =
        "A17010000J-000901,勞工保險投保單位數,原始資料,求職及就業,金,CSV;JSON,https://www.bli.gov.tw/od/901.csv;https://www.bli.gov.tw/od/901.json,UTF-8,手動上架,"
        + "\"各縣市投保單位數，按月統計。\nSecond line, with a comma.\",年度、縣市別、投保單位數,勞動部勞工保險局,每1月,政府資料開放授權條款-第1版,https://www.bli.gov.tw/,免費,陳怡君,02-23961266#1234,2016-03-01 10:00:00,2024-05-02 08:30:00,,264,A17010000J";

    private const string MoeaRow =
        "A41000000G-000001,工廠登記清冊,原始資料,600,白金,CSV;XML;JSON,https://data.moea.gov.tw/f.csv;https://data.moea.gov.tw/f.xml;https://data.moea.gov.tw/f.json,UTF-8;BIG5;UTF-8,介接,"
        + "工廠登記資料,工廠名稱、地址,經濟部,每2週,政府資料開放授權條款-第1版,,付費,林家豪,02-27212121,105-03-01,105/06/30 14:00:00,備註文字,1000,A41000000G";

    private const string OddFrequencyRow =
        "A17000000J-000777,勞動統計月報,加值資料,公共資訊,,PDF,https://www.mol.gov.tw/report.pdf,,手動上架,月報,,勞動部,每逢月底,政府資料開放授權條款-第1版,,免費,王志明,02-85902866,2020-01-15,,,,";

    private const string NoIdentifierRow =
        ",無識別碼,原始資料,公共資訊,,CSV,https://x.gov.tw/a.csv,UTF-8,手動上架,說明,,勞動部,每1年,政府資料開放授權條款-第1版,,免費,,,2016-01-01,,,,";

    private const string BadDateRow =
        "A17000000J-000778,日期錯誤,原始資料,公共資訊,,CSV,https://x.gov.tw/a.csv,UTF-8,手動上架,說明,,勞動部,每1年,政府資料開放授權條款-第1版,,免費,,,not a date,,,,";

    private const string ShortRow = "A17000000J-000779,欄位不足,原始資料";

    [Fact]
    public async Task Imports_good_rows_and_reports_bad_rows_by_number()
    {
        var result = await ImportAsync(Header, BliRow, NoIdentifierRow, MoeaRow, BadDateRow, ShortRow, OddFrequencyRow);

        Assert.Equal(6, result.RowsRead);
        Assert.Equal(3, result.Created);
        Assert.Equal(0, result.Updated);
        Assert.Equal(6, result.Resources);
        Assert.Equal(1, result.AgenciesCreated);
        Assert.Collection(result.BadRows,
            b => { Assert.Equal(3, b.Row); Assert.Contains("資料集識別碼", b.Reason, StringComparison.Ordinal); },
            b => { Assert.Equal(5, b.Row); Assert.Contains("not a date", b.Reason, StringComparison.Ordinal); },
            b => { Assert.Equal(6, b.Row); Assert.Contains("fields", b.Reason, StringComparison.Ordinal); });
    }

    [Fact]
    public async Task Maps_every_column_onto_the_dataset()
    {
        await ImportAsync(Header, BliRow, MoeaRow);

        var bli = await Dataset("A17010000J-000901");
        Assert.Equal("a17010000j-000901", bli.Name);
        Assert.Equal("勞工保險投保單位數", bli.Title);
        Assert.Equal("BLI", bli.Agency!.Code);
        Assert.Equal(ProvisionTypes.Raw, bli.ProvisionType);
        Assert.Equal("500", bli.ServiceCategory);
        Assert.Equal("金", bli.QualityMark);
        Assert.Equal(ListingMethods.Manual, bli.ListingMethod);
        Assert.Equal("各縣市投保單位數，按月統計。\nSecond line, with a comma.", bli.Description);
        Assert.Equal("年度、縣市別、投保單位數", bli.MainFieldsDescription);
        Assert.Equal(UpdateFrequency.Every(1, FrequencyUnit.Month), bli.UpdateFrequency);
        Assert.Equal(Licenses.OpenGovernmentDataV1, bli.License);
        Assert.Equal("https://www.bli.gov.tw/", bli.RelatedUrl);
        Assert.Equal(FeeKind.Free, bli.Fee);
        Assert.Equal("陳怡君", bli.ContactName);
        Assert.Equal("02-23961266#1234", bli.ContactPhone);
        Assert.Equal(new DateTimeOffset(2016, 3, 1, 2, 0, 0, TimeSpan.Zero), bli.FirstPublishedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 0, 30, 0, TimeSpan.Zero), bli.MetadataModifiedAt);
        Assert.Equal("264", bli.DataVolume);
        Assert.Equal(DatasetStatus.Published, bli.Status);
        Assert.False(bli.IsSample);
        Assert.Equal("A17010000J", bli.ExtraFields["提供機關代碼"]);
        Assert.Collection(bli.Resources.OrderBy(r => r.Position),
            r =>
            {
                Assert.Equal("A17010000J-000901-001", r.Identifier);
                Assert.Equal("CSV", r.Format);
                Assert.Equal("https://www.bli.gov.tw/od/901.csv", r.Url);
                Assert.Equal("UTF-8", r.Encoding);
                Assert.Null(r.FileHash);
            },
            r =>
            {
                Assert.Equal("A17010000J-000901-002", r.Identifier);
                Assert.Equal("JSON", r.Format);
                Assert.Equal("UTF-8", r.Encoding);
            });

        var moea = await Dataset("A41000000G-000001");
        Assert.Equal("600", moea.ServiceCategory);
        Assert.Equal(ListingMethods.Automated, moea.ListingMethod);
        Assert.Equal(UpdateFrequency.Every(2, FrequencyUnit.Week), moea.UpdateFrequency);
        Assert.Equal(FeeKind.Charged, moea.Fee);
        Assert.Equal("備註文字", moea.Notes);
        Assert.Equal(new DateTimeOffset(2016, 2, 29, 16, 0, 0, TimeSpan.Zero), moea.FirstPublishedAt);
        Assert.Equal(new DateTimeOffset(2016, 6, 30, 6, 0, 0, TimeSpan.Zero), moea.MetadataModifiedAt);
        Assert.Equal(["UTF-8", "BIG5", "UTF-8"], moea.Resources.OrderBy(r => r.Position).Select(r => r.Encoding));
        Assert.Equal(["CSV", "XML", "JSON"], moea.Resources.OrderBy(r => r.Position).Select(r => r.Format));
    }

    [Fact]
    public async Task Creates_a_top_level_agency_coded_by_the_organisation_code_when_none_matches()
    {
        await ImportAsync(Header, MoeaRow);

        var agency = await _app.WithDbAsync(db => db.Agencies.SingleAsync(a => a.Name == "經濟部"));
        Assert.Equal("A41000000G", agency.Code);
        Assert.Equal("A41000000G", agency.OrganisationCode);
        Assert.Null(agency.ParentId);
    }

    [Fact]
    public async Task Keeps_values_it_cannot_represent_in_extra_fields()
    {
        await ImportAsync(Header, OddFrequencyRow);

        var dataset = await Dataset("A17000000J-000777");
        Assert.Equal(UpdateFrequency.Irregular, dataset.UpdateFrequency);
        Assert.Equal("每逢月底", dataset.ExtraFields["更新頻率"]);
        Assert.Equal("I00", dataset.ServiceCategory);
        Assert.Equal("MOL", dataset.Agency!.Code);
    }

    [Fact]
    public async Task Reimport_updates_by_identifier_instead_of_duplicating()
    {
        await ImportAsync(Header, BliRow, MoeaRow);
        // The corrected header spelling, a changed title and one resource fewer.
        var changed = BliRow.Replace("勞工保險投保單位數,", "勞工保險投保單位數（新）,", StringComparison.Ordinal)
            .Replace("CSV;JSON,https://www.bli.gov.tw/od/901.csv;https://www.bli.gov.tw/od/901.json", "CSV,https://www.bli.gov.tw/od/901-v2.csv", StringComparison.Ordinal);
        var header = Header.Replace("資資料集上架方式", "資料集上架方式", StringComparison.Ordinal);

        var result = await ImportAsync(header, changed, OddFrequencyRow);

        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Updated);
        Assert.Empty(result.BadRows);
        Assert.Equal(3, await _app.WithDbAsync(db => db.Datasets.CountAsync()));
        var bli = await Dataset("A17010000J-000901");
        Assert.Equal("勞工保險投保單位數（新）", bli.Title);
        var resource = Assert.Single(bli.Resources);
        Assert.Equal("https://www.bli.gov.tw/od/901-v2.csv", resource.Url);
        Assert.Equal(ListingMethods.Manual, bli.ListingMethod);
    }

    [Fact]
    public async Task A_row_repeated_in_one_file_is_imported_once_then_updated()
    {
        var result = await ImportAsync(Header, BliRow, BliRow.Replace("勞工保險投保單位數,", "第二次,", StringComparison.Ordinal));

        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Updated);
        Assert.Equal("第二次", (await Dataset("A17010000J-000901")).Title);
    }

    [Fact]
    public async Task Reports_progress_and_writes_an_audit_entry_per_row()
    {
        var reports = new List<ImportProgress>();
        await ImportAsync(Header, new Recorder(reports), BliRow, MoeaRow);

        var last = reports[^1];
        Assert.Equal(2, last.RowsRead);
        Assert.Equal(1.0, last.Fraction);
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == Kaifang.Auditing.AuditAction.Imported)));
    }

    [Fact]
    public async Task Blank_lines_are_skipped_without_being_reported()
    {
        var result = await ImportAsync(Header, BliRow, "", MoeaRow);

        Assert.Equal(2, result.RowsRead);
        Assert.Equal(2, result.Created);
        Assert.Empty(result.BadRows);
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_reported_by_its_rows_and_leaves_nothing_of_them_saved()
    {
        await ImportAsync(Header, BliRow);
        // Another dataset already has the identifier the next file's first resource would get.
        await _app.WithDbAsync(async db =>
        {
            var bli = await db.Datasets.SingleAsync(d => d.Identifier == "A17010000J-000901");
            db.Resources.Add(new Resource { Id = Guid.NewGuid(), DatasetId = bli.Id, Identifier = "A41000000G-000001-001", Position = 9, Name = "taken", Format = "CSV", Url = "https://x.gov.tw/taken.csv" });
            return await db.SaveChangesAsync();
        });
        var agencies = await _app.WithDbAsync(db => db.Agencies.CountAsync());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(Header, OddFrequencyRow, MoeaRow));

        Assert.Contains("rows 2–3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing of these rows was saved", error.Message, StringComparison.Ordinal);
        Assert.Contains("Identifier", error.Message, StringComparison.Ordinal);
        Assert.Equal(["A17010000J-000901"], await _app.WithDbAsync(db => db.Datasets.Select(d => d.Identifier).ToListAsync()));
        Assert.Equal(agencies, await _app.WithDbAsync(db => db.Agencies.CountAsync()));
    }

    [Fact]
    public async Task A_file_without_the_identifier_column_is_refused()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync("名稱,機關", "a,b"));
    }

    [Fact]
    public async Task A_thousand_new_rows_arrive_all_with_their_resources()
    {
        // Enough datasets, resources and audit entries that any buffering of rows (COPY's on PostgreSQL) fills more than once.
        var count = 1_007;
        var rows = Enumerable.Range(1, count).Select(i => BliRow.Replace("000901", $"{i:000000}", StringComparison.Ordinal)).ToArray();

        var result = await ImportAsync(Header, rows);

        Assert.Equal(count, result.Created);
        Assert.Equal(count * 2, result.Resources);
        var (datasets, resources, entries, wrong) = await _app.WithDbAsync(async db => (
            await db.Datasets.CountAsync(),
            await db.Resources.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.EntityType == nameof(Kaifang.Catalog.Dataset)),
            await db.Resources.CountAsync(r => !r.Identifier.StartsWith(r.Dataset!.Identifier))));
        Assert.Equal(count, datasets);
        Assert.Equal(count * 2, resources);
        Assert.Equal(count, entries);
        Assert.Equal(0, wrong);
    }

    [Fact]
    public async Task New_rows_are_stored_as_prepared_inserts_and_ef_core_store_the_same_entities()
    {
        // The importer writes new rows itself: COPY on PostgreSQL, prepared INSERTs on SQLite. What it stored is
        // compared column by column with the same datasets, resources and audit entries, read back, then written
        // again by prepared INSERTs (on PostgreSQL the importer's way before COPY), by COPY (PostgreSQL) and by
        // EF Core (every other write). The last three write the same objects, so a value one of them changed shows.
        await ImportAsync(Header, BliRow, MoeaRow, OddFrequencyRow);
        var imported = await StoredRowsAsync();
        var (datasets, entries) = await _app.WithDbAsync(async db => (
            await db.Datasets.AsNoTracking().Include(d => d.Resources).ToListAsync(),
            await db.AuditEntries.AsNoTracking().Where(e => e.Action == Kaifang.Auditing.AuditAction.Imported).ToListAsync()));
        var tables = new (Type, IEnumerable<object>)[]
        {
            (typeof(Dataset), datasets), (typeof(Resource), datasets.SelectMany(d => d.Resources)), (typeof(Kaifang.Auditing.AuditEntry), entries),
        };

        var prepared = await RewrittenRowsAsync((db, transaction) =>
        {
            foreach (var (type, rows) in tables)
            {
                using var insert = new PreparedInsert(db, type, transaction);
                foreach (var row in rows)
                {
                    insert.Insert(row);
                }
            }
        });
        var copied = TestDatabase.IsPostgreSql
            ? await RewrittenRowsAsync((db, transaction) =>
            {
                foreach (var (type, rows) in tables)
                {
                    using var copy = new CopyInsert(db, type, (Npgsql.NpgsqlConnection)transaction.Connection!);
                    foreach (var row in rows)
                    {
                        copy.Insert(row);
                    }
                    copy.Complete();
                }
            })
            : prepared;
        var saved = await RewrittenRowsAsync((db, _) =>
        {
            foreach (var entry in entries)
            {
                entry.Id = 0;
            }
            db.Datasets.AddRange(datasets);
            db.AuditEntries.AddRange(entries);
            db.SaveChanges();
        });

        Assert.Equal(3, imported.Datasets.Count);
        Assert.Equal(6, imported.Resources.Count);
        Assert.Equal(3, imported.Entries.Count);
        Assert.Contains(imported.Datasets, d => d.Contains(":\"A17010000J\"}", StringComparison.Ordinal) && d.Contains("Second line, with a comma.", StringComparison.Ordinal));
        foreach (var other in new[] { prepared, copied, saved })
        {
            Assert.Equal(other.Datasets, imported.Datasets);
            Assert.Equal(other.Resources, imported.Resources);
            Assert.Equal(other.Entries, imported.Entries);
        }
    }

    /// The rows stored after the imported ones are deleted and written again by <paramref name="write"/>, in one transaction.
    private async Task<(List<string> Datasets, List<string> Resources, List<string> Entries)> RewrittenRowsAsync(Action<KaifangDbContext, System.Data.Common.DbTransaction> write)
    {
        await _app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Resources.ExecuteDeleteAsync();
            await db.Datasets.ExecuteDeleteAsync();
            await db.AuditEntries.Where(e => e.Action == Kaifang.Auditing.AuditAction.Imported).ExecuteDeleteAsync();
            write(db, transaction.GetDbTransaction());
            await transaction.CommitAsync();
            return 0;
        });
        return await StoredRowsAsync();
    }

    /// Every column of the stored datasets, resources and import audit entries as text, in a fixed order (audit
    /// entries without their database-made id).
    private Task<(List<string> Datasets, List<string> Resources, List<string> Entries)> StoredRowsAsync() => _app.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return (
                await RowsAsync(db, "SELECT * FROM \"Datasets\" ORDER BY \"Identifier\""),
                await RowsAsync(db, "SELECT * FROM \"Resources\" ORDER BY \"Identifier\""),
                await RowsAsync(db, $"SELECT * FROM \"AuditEntries\" WHERE \"Action\" = {(int)Kaifang.Auditing.AuditAction.Imported} ORDER BY \"EntityId\"", "Id"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private static async Task<List<string>> RowsAsync(KaifangDbContext db, string sql, params string[] leftOut)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Where(i => !leftOut.Contains(reader.GetName(i)))
                .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                {
                    DateTime t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
                })}")));
        }
        return rows;
    }

    private Task<NationalImportResult> ImportAsync(string header, params string[] rows) => ImportAsync(header, null, rows);

    private async Task<NationalImportResult> ImportAsync(string header, IProgress<ImportProgress>? progress, params string[] rows)
    {
        using var scope = _app.Services.CreateScope();
        using var file = NationalExportFile.Build(header, rows);
        return await scope.ServiceProvider.GetRequiredService<ImportNationalCatalog>().ImportAsync(file, progress, CancellationToken.None);
    }

    private Task<Dataset> Dataset(string identifier) => _app.WithDbAsync(db =>
        db.Datasets.Include(d => d.Agency).Include(d => d.Resources).SingleAsync(d => d.Identifier == identifier));

    public void Dispose() => _app.Dispose();

    private sealed class Recorder(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => reports.Add(value);
    }
}
