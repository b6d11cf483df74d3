using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;

// The pipeline benchmark (bench/pipelines/run.sh):
//   generate FILE ROWS   writes a Big5 CSV like an agency's insured-persons list: ROC dates, Taiwan
//                        number forms, national ID numbers, names and phone numbers
//   run FILE WORK        what a pipeline run does between reading its source and publishing, through the
//                        runner's own code: decode → trim → convert-roc-dates → convert-numbers →
//                        mask-columns → Table Schema validation → the CSV and JSON outputs written under
//                        WORK; reports MB/s of input, rows/s, CPU time and peak resident memory (VmHWM),
//                        and for each thread of the pass its CPU time and how long it waited
//   stages FILE WORK     the same pass cut short after each stage (decode only, + steps, + validation,
//                        + outputs), each from the start of the file, to show where the time goes
if (args.Length >= 3 && args[0] == "generate")
{
    Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length >= 2 && args[0] == "decoders")
{
    Decoders(args[1]);
    return 0;
}
if (args.Length >= 3 && args[0] is "run" or "stages")
{
    if (args[0] == "run")
    {
        await RunAsync(args[1], args[2], Stage.Outputs, true);
    }
    else
    {
        foreach (var stage in Enum.GetValues<Stage>())
        {
            await RunAsync(args[1], args[2], stage, false);
        }
    }
    return 0;
}
Console.Error.WriteLine("usage: generate FILE ROWS | run FILE WORK | stages FILE WORK | decoders FILE");
return 2;

static void Generate(string path, int rows)
{
    Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    string[] cities = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市"];
    string[] surnames = ["陳", "林", "黃", "張", "李", "王", "吳", "劉"];
    string[] given = ["小明", "美玲", "志強", "淑芬", "家豪", "怡君"];
    const string Letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    var random = new Random(20160301);
    using var writer = new StreamWriter(path, false, Encoding.GetEncoding(950), 1 << 20);
    writer.Write("序號,姓名,身分證字號,聯絡電話,縣市,投保日期,投保薪資,增減,異動時間\r\n");
    for (var i = 1; i <= rows; i++)
    {
        var letter = random.Next(26);
        var digits = $"{random.Next(1, 3)}{random.Next(0, 10_000_000):0000000}";
        var code = letter + 10;
        var sum = code / 10 + code % 10 * 9;
        for (var k = 0; k < 8; k++)
        {
            sum += (digits[k] - '0') * (8 - k);
        }
        var id = $"{Letters[letter]}{digits}{(10 - sum % 10) % 10}";
        var year = random.Next(100, 115);
        var date = random.Next(4) switch
        {
            0 => $"{year}/{random.Next(1, 13):00}/{random.Next(1, 29):00}",
            1 => $"{year}{random.Next(1, 13):00}{random.Next(1, 29):00}",
            2 => $"民國{year}年{random.Next(1, 13)}月{random.Next(1, 29)}日",
            _ => $"{year}-{random.Next(1, 13)}-{random.Next(1, 29)}",
        };
        var wage = random.Next(26_400, 150_000);
        var change = random.Next(3) switch { 0 => $"\"△{random.Next(1, 5000):N0}\"", 1 => $"\"{random.Next(1, 5000):N0}\"", _ => "-" };
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $" {i} ,{surnames[random.Next(surnames.Length)]}{given[random.Next(given.Length)]},{id},09{random.Next(0, 100):00}-{random.Next(0, 1000):000}-{random.Next(0, 1000):000},{cities[random.Next(cities.Length)]}　,{date},\"{wage:N0}\",{change},{year}/{random.Next(1, 13):00}/{random.Next(1, 29):00} {random.Next(0, 24):00}:{random.Next(0, 60):00}\r\n"));
    }
}

// The file's text read whole through a StreamReader with the framework's Big5 decoder and with
// Big5Text's, in turn, three times each: the CPU time of each (a thread of its own, so the scheduler's
// figure is this work's alone) and whether both read the same characters.
static void Decoders(string path)
{
    var framework = TextDecoding.Big5;
    var fast = TextDecoding.ForDecoding(framework);
    var bytes = new FileInfo(path).Length;
    for (var round = 0; round < 3; round++)
    {
        var sums = new List<long>();
        foreach (var (name, encoding) in new[] { ("framework", framework), ("Big5Text", fast) })
        {
            var cpu = TimeSpan.Zero;
            long chars = 0, sum = 0;
            var thread = new Thread(() =>
            {
                var start = ThreadClock.Now();
                using var reader = new StreamReader(path, encoding, false, new FileStreamOptions { BufferSize = 1 << 16 });
                var buffer = new char[1 << 16];
                int n;
                while ((n = reader.Read(buffer)) > 0)
                {
                    chars += n;
                    foreach (var c in buffer.AsSpan(0, n))
                    {
                        sum = sum * 31 + c;
                    }
                }
                cpu = (ThreadClock.Now() - start)?.Cpu ?? TimeSpan.Zero;
            });
            thread.Start();
            thread.Join();
            sums.Add(sum);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10} {chars:N0} chars, CPU {cpu.TotalSeconds:F2} s = {bytes / 1e6 / cpu.TotalSeconds:F0} MB per CPU second (checksum {sum:X16})"));
        }
        if (sums[0] != sums[1])
        {
            Console.WriteLine("the two decoders read different text");
        }
    }
}

static async Task RunAsync(string path, string work, Stage stage, bool details)
{
    PipelineStep[] pipeline =
    [
        new DecodeStep(),
        new TrimStep(),
        new ConvertRocDatesStep { Columns = ["投保日期", "異動時間"] },
        new ConvertNumbersStep { Columns = ["序號", "投保薪資", "增減"] },
        new MaskColumnsStep { Columns = [new("姓名", MaskAs.Name), new("身分證字號", MaskAs.NationalId), new("聯絡電話", MaskAs.Phone)] },
    ];
    var schema = TableSchema.Parse("""
        {"fields": [
          {"name": "序號", "type": "integer", "constraints": {"required": true, "unique": true}},
          {"name": "姓名", "type": "string"},
          {"name": "身分證字號", "type": "string", "constraints": {"pattern": "[A-Z][0-9]{2}\\*{4}[0-9]{3}"}},
          {"name": "聯絡電話", "type": "string"},
          {"name": "縣市", "type": "string", "constraints": {"enum": ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市"]}},
          {"name": "投保日期", "type": "date", "constraints": {"minimum": "2011-01-01"}},
          {"name": "投保薪資", "type": "integer", "constraints": {"minimum": 0}},
          {"name": "增減", "type": "integer"},
          {"name": "異動時間", "type": "datetime", "format": "any"}
        ], "primaryKey": ["序號"]}
        """);
    var bytes = new FileInfo(path).Length;
    var process = Process.GetCurrentProcess();
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var cpuBefore = process.TotalProcessorTime;
    var poolItemsBefore = ThreadPool.CompletedWorkItemCount;
    var watch = Stopwatch.StartNew();

    // As PipelineRunner.ExecuteAsync: the source file, the reading steps, the rows counted as read.
    var source = new SourceFile(path, false, "csv", bytes, "generated file");
    var steps = PipelineRunner.ReadingSteps(pipeline, source);
    var table = await PipelineRunner.OpenAsync(source, steps, null, CancellationToken.None);
    long rowsIn = 0;
    var counted = table.With(rows: Count(table.Rows));
    IEnumerable<TableRow> Count(IEnumerable<TableRow> rows)
    {
        foreach (var row in rows)
        {
            rowsIn++;
            yield return row;
        }
    }
    var log = new PipelineLog();
    var cleaned = stage == Stage.Decode ? counted : PipelineSteps.Apply(counted, steps, log);
    TableValidator? validator = null;
    if (stage >= Stage.Validation)
    {
        validator = new TableValidator(schema, spillDirectory: work);
        validator.CheckHeader(cleaned.Header);
    }
    long outputBytes = 0;
    string? csvHash = null;
    PassThreads? threads = null;
    if (stage == Stage.Outputs)
    {
        Directory.CreateDirectory(work);
        var written = await PipelineRunner.WriteAsync(cleaned, validator, schema, [new PipelineOutput("json", null)], work, "insured persons", null, CancellationToken.None);
        outputBytes = written.Files.Sum(f => new FileInfo(f.Path).Length);
        csvHash = written.Csv.Hash;
        threads = written.Threads;
        written.Keys.Dispose();
    }
    else
    {
        foreach (var row in validator is null ? cleaned.Rows : validator.Watch(cleaned.Rows))
        {
            GC.KeepAlive(row);
        }
    }
    var pass = watch.Elapsed.TotalSeconds;
    var poolItems = ThreadPool.CompletedWorkItemCount - poolItemsBefore;
    process.Refresh();
    var passCpu = process.TotalProcessorTime - cpuBefore;
    // The report finds the repeats of unique values that went to disk: part of the run.
    var report = validator?.Report();
    validator?.Dispose();
    watch.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{stage,-10} {rowsIn:N0} rows, {bytes / 1e6:F0} MB in {seconds:F2} s = {bytes / 1e6 / seconds:F1} MB/s, {rowsIn / seconds:N0} rows/s; CPU {cpu.TotalSeconds:F2} s = {bytes / 1e6 / cpu.TotalSeconds:F1} MB per CPU second; {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e9:F2} GB allocated; peak RSS (VmHWM) {PeakRss() / 1e6:F0} MB"));
    if (!details)
    {
        return;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the pass over the rows {pass:F2} s, then the report (repeats among the values on disk) {seconds - pass:F2} s"));
    if (threads is not null)
    {
        // Each stage thread's own CPU time from the scheduler; the rest of the process's during the pass is
        // the runtime's (the GC's background thread, the JIT, the thread pool).
        var stageCpu = threads.Threads.Where(t => t.Cpu is not null).Sum(t => t.Cpu!.Value.TotalSeconds);
        foreach (var thread in threads.Threads)
        {
            var cpuText = thread.Cpu is { } c ? $"CPU {c.TotalSeconds:F2} s" : "CPU unknown";
            var core = thread.WaitedForCore is { } w ? $", ready but waiting for a core {w.TotalSeconds:F2} s" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  thread {thread.Name,-6} {cpuText}; busy {thread.Busy.TotalSeconds:F2} s of {thread.Elapsed.TotalSeconds:F2} s, waiting for rows {thread.WaitedForRows.TotalSeconds:F2} s, for room {thread.WaitedForRoom.TotalSeconds:F2} s{core}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the rest of the process CPU {passCpu.TotalSeconds - stageCpu:F2} s; {poolItems:N0} work items ran on the thread pool"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pass CPU {passCpu.TotalSeconds:F2} s on {Environment.ProcessorCount} cores = at least {passCpu.TotalSeconds / Environment.ProcessorCount:F2} s; load average now {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read as {table.EncodingName}; outputs {outputBytes / 1e6:F0} MB (CSV + JSON), CSV SHA-256 {csvHash}; step issues: {log.Count:N0}; validation: {report?.Summary()}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GC: paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s, {GC.GetTotalAllocatedBytes() / 1e9:F1} GB allocated, {GC.CollectionCount(0)} gen0 / {GC.CollectionCount(1)} gen1 / {GC.CollectionCount(2)} gen2 collections; heap now {GC.GetTotalMemory(false) / 1e6:F0} MB; peak working set {process.PeakWorkingSet64 / 1e6:F0} MB"));
    foreach (var issue in log.Issues.Take(3).Concat<object>(report?.Errors.Take(3) ?? []))
    {
        Console.WriteLine($"  e.g. {issue}");
    }
}

// Peak resident set size of this process, from /proc/self/status (VmHWM), in bytes.
static long PeakRss()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }
    return 0;
}

enum Stage
{
    Decode,
    Steps,
    Validation,
    Outputs,
}
