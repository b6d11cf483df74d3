using System.Globalization;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;

namespace Kaifang.Tests.Pipelines.Runs;

/// The pass over the rows in stages on their own threads (reading and steps, validation, writing):
/// rows, errors and outputs as when one thread did it all, failures and cancellation as thrown.
public class ReadAheadTests
{
    private static IEnumerable<TableRow> Numbered(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new TableRow(i + 2, [i.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(10_001)]
    public void Every_row_is_checked_and_written_once_in_the_order_read(int count)
    {
        var checkedNumbers = new List<long>();
        var written = new List<long>();
        var threads = new PassThreads();

        foreach (var row in ReadAhead.Rows(Numbered(count), row => checkedNumbers.Add(row.Number), threads))
        {
            written.Add(row.Number);
        }

        var expected = Enumerable.Range(2, count).Select(n => (long)n).ToList();
        Assert.Equal(expected, checkedNumbers);
        Assert.Equal(expected, written);
        Assert.Equal(["check", "read", "write"], threads.Threads.Select(t => t.Name).Order(StringComparer.Ordinal));
        if (OperatingSystem.IsLinux())
        {
            // Each stage, the writing one too, on a thread of its own whose CPU the scheduler counts.
            Assert.All(threads.Threads, t => Assert.NotNull(t.Cpu));
        }
    }

    [Fact]
    public void A_failure_while_reading_comes_out_after_the_rows_before_it_all_checked()
    {
        IEnumerable<TableRow> Failing()
        {
            foreach (var row in Numbered(1000))
            {
                yield return row;
            }
            throw new InvalidDataException("broken at row 1002");
        }
        var checkedCount = 0;
        var written = 0;

        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var row in ReadAhead.Rows(Failing(), _ => checkedCount++))
            {
                written++;
            }
        });

        Assert.Equal("broken at row 1002", e.Message);
        Assert.Equal(1000, checkedCount);
        Assert.Equal(1000, written);
    }

    [Fact]
    public void A_failing_check_stops_the_reading_and_is_the_exception_seen()
    {
        var source = new Endless();
        var written = new List<long>();

        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var row in ReadAhead.Rows(source.Rows(), row =>
            {
                if (row.Number == 5000)
                {
                    throw new InvalidOperationException("check failed");
                }
            }))
            {
                written.Add(row.Number);
            }
        });

        Assert.Equal("check failed", e.Message);
        Assert.True(source.Disposed);
        Assert.All(written, n => Assert.True(n < 5000));
        Assert.Equal(Enumerable.Range(2, written.Count).Select(n => (long)n), written);
    }

    [Fact]
    public void Cancelled_in_the_middle_the_pass_throws_and_every_stage_stops()
    {
        var source = new Endless();
        using var cancel = new CancellationTokenSource();
        long written = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var row in ReadAhead.Rows(source.Rows(), _ => { }, null, cancel.Token))
            {
                if (++written == 3000)
                {
                    cancel.Cancel();
                }
                cancel.Token.ThrowIfCancellationRequested();
            }
        });

        Assert.Equal(3000, written);
        Assert.True(source.Disposed);
    }

    [Fact]
    public void A_writer_that_stops_early_stops_the_reading()
    {
        var source = new Endless();
        var written = 0;

        foreach (var row in ReadAhead.Rows(source.Rows(), _ => { }))
        {
            if (++written == 700)
            {
                break;
            }
        }

        Assert.True(source.Disposed);
    }

    [Fact]
    public void Validation_on_its_own_thread_reports_what_it_reports_on_the_reading_thread()
    {
        var schema = TableSchema.Parse("""
            {"fields": [
              {"name": "代碼", "type": "integer", "constraints": {"required": true, "unique": true}},
              {"name": "日期", "type": "date", "constraints": {"minimum": "2011-01-01"}}
            ], "primaryKey": ["代碼"]}
            """);
        string[] header = ["代碼", "日期"];
        List<string[]> cells =
        [
            .. Enumerable.Range(1, 3000).Select(i => (string[])[(i % 1000 == 0 ? 7 : i).ToString(CultureInfo.InvariantCulture), i % 333 == 0 ? "2010-12-31" : i % 500 == 0 ? "not a date" : "2016-03-01"]),
            [""],
            ["x", "2016-03-01", "extra"],
        ];
        var alone = TableValidator.Validate(Table.Of(header, cells), schema);
        using var validator = new TableValidator(schema);
        validator.CheckHeader(header);

        foreach (var row in ReadAhead.Rows(Table.Of(header, cells).Rows, validator.CheckRow))
        {
            Assert.NotNull(row);
        }
        var staged = validator.Report();

        Assert.False(alone.Valid);
        Assert.Equal(alone.ErrorCount, staged.ErrorCount);
        Assert.Equal(alone.Errors, staged.Errors);
        Assert.Equal(alone.CountsByType, staged.CountsByType);
    }

    [Fact]
    public async Task A_pass_cancelled_in_the_middle_leaves_no_written_outputs_to_publish()
    {
        var schema = TableSchema.Parse("""{"fields": [{"name": "n", "type": "integer"}]}""");
        using var cancel = new CancellationTokenSource();
        IEnumerable<TableRow> Rows()
        {
            foreach (var row in Numbered(1_000_000))
            {
                if (row.Number == 20_000)
                {
                    cancel.Cancel();
                }
                yield return row;
            }
        }
        var directory = Directory.CreateTempSubdirectory("kaifang-readahead-");
        try
        {
            using var validator = new TableValidator(schema);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                PipelineRunner.WriteAsync(new Table(["n"], Rows()), validator, schema, [new PipelineOutput("json", null)], directory.FullName, "test", null, cancel.Token));
            Assert.True(validator.RowsChecked < 1_000_000);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// Rows without end, telling when the reading was stopped.
    private sealed class Endless
    {
        public bool Disposed { get; private set; }

        public IEnumerable<TableRow> Rows()
        {
            try
            {
                for (long n = 2; ; n++)
                {
                    yield return new TableRow(n, [n.ToString(CultureInfo.InvariantCulture)]);
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
