using System.Buffers;
using System.Text.Json;
using Kaifang.Storage;
using Kaifang.Storage.Backup;
using Kaifang.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kaifang.Tests.Storage.Backup;

public sealed class BackupValuesTests
{
    public static TheoryData<BackupValueKind, object> Values => new()
    {
        { BackupValueKind.String, "開放資料\n\"引號\"\\𠀋😀\u2028" },
        { BackupValueKind.String, "" },
        { BackupValueKind.Boolean, true },
        { BackupValueKind.Byte, (byte)255 },
        { BackupValueKind.Int16, short.MinValue },
        { BackupValueKind.Int32, int.MaxValue },
        { BackupValueKind.Int64, long.MinValue },
        { BackupValueKind.Int64, long.MaxValue },
        { BackupValueKind.Single, 0.1f },
        { BackupValueKind.Double, Math.PI / 3 },
        { BackupValueKind.Double, double.NaN },
        { BackupValueKind.Double, double.NegativeInfinity },
        { BackupValueKind.Double, double.Epsilon },
        { BackupValueKind.Decimal, 79228162514264337593543950335m },
        { BackupValueKind.Decimal, -0.0000000000000000000000000001m },
        { BackupValueKind.Decimal, 12.50m },
        { BackupValueKind.Guid, Guid.Parse("0195f3a2-7b4c-7d1e-9f00-aabbccddeeff") },
        { BackupValueKind.DateTime, new DateTime(2026, 11, 29, 1, 2, 3, DateTimeKind.Utc).AddTicks(1_234_567) },
        { BackupValueKind.DateTime, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) },
        { BackupValueKind.DateTimeOffset, new DateTimeOffset(2026, 11, 29, 9, 2, 3, TimeSpan.FromHours(8)).AddTicks(1) },
        { BackupValueKind.DateOnly, new DateOnly(1911, 1, 1) },
        { BackupValueKind.TimeOnly, new TimeOnly(23, 59, 59, 999, 999).Add(TimeSpan.FromTicks(9)) },
        { BackupValueKind.TimeSpan, TimeSpan.FromDays(-3).Add(TimeSpan.FromTicks(7)) },
        { BackupValueKind.Bytes, new byte[] { 0, 1, 127, 128, 255 } },
        { BackupValueKind.Bytes, Array.Empty<byte>() },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_kind_of_value_reads_back_exactly_as_it_was_written(BackupValueKind kind, object value)
    {
        var back = BackupValues.Decode(JsonDocument.Parse(Json(value, kind)).RootElement, kind);

        Assert.Equal(value, back);
        Assert.Equal(value.GetType(), back.GetType());
        if (value is decimal number)
        {
            Assert.Equal(number.Scale, ((decimal)back).Scale);
        }
        if (value is DateTime time)
        {
            Assert.Equal(DateTimeKind.Utc, ((DateTime)back).Kind);
            Assert.Equal(time.Ticks, ((DateTime)back).Ticks);
        }
        if (value is DateTimeOffset instant)
        {
            Assert.Equal(instant.Offset, ((DateTimeOffset)back).Offset);
        }
    }

    [Fact]
    public void A_decimal_is_written_at_its_columns_scale_and_never_loses_a_digit()
    {
        Assert.Equal("\"100.00\"", Json(100m, BackupValueKind.Decimal, scale: 2));
        Assert.Equal("\"0.50\"", Json(0.5m, BackupValueKind.Decimal, scale: 2));
        Assert.Equal("\"12.345\"", Json(12.345m, BackupValueKind.Decimal, scale: 2));
        Assert.Equal("\"7\"", Json(7m, BackupValueKind.Decimal));
    }

    [Fact]
    public void Times_are_written_as_UTC_to_the_tenth_of_a_microsecond()
    {
        var time = new DateTime(2026, 11, 29, 1, 2, 3, DateTimeKind.Utc).AddTicks(1_234_567);

        Assert.Equal("\"2026-11-29T01:02:03.1234567Z\"", Json(time, BackupValueKind.DateTime));
        Assert.True(BackupValues.HasTenthsOfMicroseconds(time));
        Assert.False(BackupValues.HasTenthsOfMicroseconds(time.AddTicks(3)));
    }

    [Theory]
    [InlineData(BackupValueKind.Int32, "\"12\"", "Expected a value of type Int32, found \"12\"")]
    [InlineData(BackupValueKind.Int32, "2147483648", "found 2147483648")]
    [InlineData(BackupValueKind.Guid, "\"not a guid\"", "Expected a GUID as text")]
    [InlineData(BackupValueKind.DateTime, "\"2026-11-29 01:02:03\"", "Expected a UTC date-time as text")]
    [InlineData(BackupValueKind.String, "12", "Expected text, found 12")]
    [InlineData(BackupValueKind.Bytes, "\"***\"", "Expected base64 text")]
    public void A_value_of_the_wrong_shape_says_what_was_expected(BackupValueKind kind, string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => BackupValues.Decode(JsonDocument.Parse(json).RootElement, kind));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// Rows of a model holding every kind of value Kaifang's does, and bytes, which it does not yet: written by EF
    /// Core on SQLite, copied to PostgreSQL and back through a backup's rows, read by EF Core again.
    [Fact]
    public async Task Every_kind_of_value_moves_between_the_two_databases_and_back()
    {
        var postgres = TestDatabase.CreatePostgreSqlSettings();
        var file = Path.Combine(Path.GetTempPath(), $"kaifang-values-{Guid.NewGuid():N}.db");
        try
        {
            var text = string.Concat(Enumerable.Repeat("勞動統計「薪資」\"引號\"\\𠀋😀\n", 2000));
            var rows = new[]
            {
                new ValueSample
                {
                    Id = Guid.NewGuid(), Text = text, Brief = "縮", Bytes = [0, 1, 127, 128, 255], At = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero).AddTicks(1_234_567),
                    Day = new DateOnly(2028, 2, 29), Amount = 123456.5m, Ratio = Math.PI / 3, Count = long.MaxValue, Flag = true,
                    Kind = SampleKind.Second, Level = SampleKind.Second, Fields = new() { ["欄位"] = "值\n換行" }, Maybe = "有",
                },
                new ValueSample
                {
                    Id = Guid.NewGuid(), Text = "", Brief = "", Bytes = null, At = new DateTimeOffset(1911, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    Day = new DateOnly(1911, 1, 1), Amount = 0m, Ratio = -1e-300, Count = -1, Flag = false,
                    Kind = SampleKind.First, Level = SampleKind.First, Fields = [], Maybe = null,
                },
            };
            await using (var sqlite = ValueSampleContext.OnSqlite(file))
            {
                await sqlite.Database.ExecuteSqlRawAsync(sqlite.Database.GenerateCreateScript());
                sqlite.Samples.AddRange(rows);
                await sqlite.SaveChangesAsync();
            }
            await using (var from = ValueSampleContext.OnSqlite(file))
            await using (var to = ValueSampleContext.OnPostgreSql(postgres["Kaifang:ConnectionString"]!))
            {
                await to.Database.ExecuteSqlRawAsync(to.Database.GenerateCreateScript());
                await CopyAsync(from, to);
                await from.Samples.ExecuteDeleteAsync();
            }
            await using (var from = ValueSampleContext.OnPostgreSql(postgres["Kaifang:ConnectionString"]!))
            await using (var to = ValueSampleContext.OnSqlite(file))
            {
                await CopyAsync(from, to);
            }

            await using var back = ValueSampleContext.OnSqlite(file);
            var read = await back.Samples.AsNoTracking().OrderBy(s => s.Count).ToListAsync();
            Assert.Equal(2, read.Count);
            foreach (var (expected, actual) in rows.OrderBy(r => r.Count).Zip(read))
            {
                Assert.Equal(expected.Id, actual.Id);
                Assert.Equal(expected.Text, actual.Text);
                Assert.Equal(expected.Brief, actual.Brief);
                Assert.Equal(expected.Bytes, actual.Bytes);
                // PostgreSQL keeps times to the microsecond: the tenths of one are cut on the way through.
                Assert.Equal(expected.At.AddTicks(-(expected.At.Ticks % 10)), actual.At);
                Assert.Equal(TimeSpan.Zero, actual.At.Offset);
                Assert.Equal(expected.Day, actual.Day);
                Assert.Equal(expected.Amount, actual.Amount);
                Assert.Equal(expected.Ratio, actual.Ratio);
                Assert.Equal(expected.Count, actual.Count);
                Assert.Equal(expected.Flag, actual.Flag);
                Assert.Equal(expected.Kind, actual.Kind);
                Assert.Equal(expected.Level, actual.Level);
                Assert.Equal(expected.Fields, actual.Fields);
                Assert.Equal(expected.Maybe, actual.Maybe);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
            TestDatabase.Drop(postgres);
        }
    }

    // What a backup and a restore do to one table, without the rest of Kaifang around it.
    private static async Task CopyAsync(DbContext from, DbContext to)
    {
        var table = BackupSchema.For(from, new HashSet<Type>()).Tables.Single();
        var rows = new MemoryStream();
        var reading = from.Database.GetDbConnection();
        await reading.OpenAsync();
        BackupTableEntry entry;
        await using (var snapshot = await BackupSql.BeginSnapshotAsync(reading, CancellationToken.None))
        {
            entry = await TableRows.ExportAsync(reading, snapshot, new BackupSql(from), table, "tables/BackupSamples.jsonl", rows, CancellationToken.None);
        }
        Assert.Equal(2, entry.Rows);

        var target = BackupSchema.For(to, new HashSet<Type>()).Tables.Single();
        var writing = to.Database.GetDbConnection();
        await writing.OpenAsync();
        await using var transaction = await writing.BeginTransactionAsync();
        var columns = entry.Columns.Select((c, i) => (target.Find(c.Name)!, i)).ToList();
        await using (var import = new TableRows.Import(writing, transaction, new BackupSql(to), target, columns))
        {
            rows.Position = 0;
            await foreach (var row in TableRows.ReadAsync(rows, entry, CancellationToken.None))
            {
                await import.AddAsync(row, CancellationToken.None);
            }
            await import.FlushAsync(CancellationToken.None);
        }
        await transaction.CommitAsync();
    }

    private static string Json(object value, BackupValueKind kind, int? scale = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            BackupValues.Write(writer, value, kind, scale);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

public enum SampleKind
{
    First,
    Second,
}

public sealed class ValueSample
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
    public string Brief { get; set; } = "";
    public byte[]? Bytes { get; set; }
    public DateTimeOffset At { get; set; }
    public DateOnly Day { get; set; }
    public decimal Amount { get; set; }
    public double Ratio { get; set; }
    public long Count { get; set; }
    public bool Flag { get; set; }
    public SampleKind Kind { get; set; }
    public SampleKind Level { get; set; }
    public Dictionary<string, string> Fields { get; set; } = [];
    public string? Maybe { get; set; }
}

/// A model with one table of every kind of value, mapped as Kaifang maps its own (instants as UTC date-times, enums
/// as names or numbers, a dictionary as a JSON document).
public sealed class ValueSampleContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ValueSample> Samples => Set<ValueSample>();

    public static ValueSampleContext OnSqlite(string file) =>
        new(new DbContextOptionsBuilder<ValueSampleContext>().UseSqlite($"Data Source={file}").Options);

    public static ValueSampleContext OnPostgreSql(string connectionString) =>
        new(new DbContextOptionsBuilder<ValueSampleContext>().UseNpgsql(connectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sample = modelBuilder.Entity<ValueSample>();
        sample.ToTable("BackupSamples");
        sample.Property(s => s.Id).ValueGeneratedNever();
        sample.Property(s => s.Brief).HasMaxLength(4);
        sample.Property(s => s.Amount).HasPrecision(12, 3);
        sample.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        sample.Property(s => s.Fields).HasConversion(
            f => JsonSerializer.Serialize(f, JsonSerializerOptions.Default),
            s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<Dictionary<string, string>>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                d => JsonSerializer.Serialize(d, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                d => new Dictionary<string, string>(d)));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
}
