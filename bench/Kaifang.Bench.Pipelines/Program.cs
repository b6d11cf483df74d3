using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kaifang.Pipelines;

// The pipeline benchmark (bench/pipelines/run.sh):
//   generate FILE ROWS   writes a Big5 CSV like an agency's insured-persons list: ROC dates, Taiwan
//                        number forms, national ID numbers, names and phone numbers
//   run FILE             decode → trim → convert-roc-dates → convert-numbers → mask-columns → validate,
//                        reporting rows/s and peak memory
if (args.Length >= 3 && args[0] == "generate")
{
    Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length >= 2 && args[0] == "run")
{
    await RunAsync(args[1]);
    return 0;
}
Console.Error.WriteLine("usage: generate FILE ROWS | run FILE");
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

static async Task RunAsync(string path)
{
    PipelineStep[] steps =
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
    // First the steps alone, to show their memory stays flat; then the steps with validation, whose
    // unique and primary-key checks remember every 序號 (O(distinct values)).
    var alone = Stopwatch.StartNew();
    var count = 0L;
    foreach (var _ in PipelineSteps.Apply(await PipelineSteps.OpenAsync(() => File.OpenRead(path), steps), steps, new PipelineLog()).Rows)
    {
        count++;
    }
    alone.Stop();
    var before = Process.GetCurrentProcess();
    Console.WriteLine($"steps alone: {count:N0} rows in {alone.Elapsed.TotalSeconds:F2} s = {count / alone.Elapsed.TotalSeconds:N0} rows/s; peak working set {before.PeakWorkingSet64 / 1e6:F0} MB");
    var watch = Stopwatch.StartNew();
    var table = await PipelineSteps.OpenAsync(() => File.OpenRead(path), steps);
    var log = new PipelineLog();
    var cleaned = PipelineSteps.Apply(table, steps, log);
    var report = TableValidator.Validate(cleaned, schema);
    watch.Stop();
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var rows = report.RowsChecked;
    Console.WriteLine($"steps + validation: read as {table.EncodingName}; {rows:N0} rows in {watch.Elapsed.TotalSeconds:F2} s = {rows / watch.Elapsed.TotalSeconds:N0} rows/s");
    Console.WriteLine($"step issues: {log.Count:N0}; validation: {report.Summary()}");
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1e6:F0} MB; GC heap after the run {GC.GetTotalMemory(false) / 1e6:F0} MB; peak GC heap size {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB; {GC.CollectionCount(0)} gen0 / {GC.CollectionCount(2)} gen2 collections");
    foreach (var issue in log.Issues.Take(3).Concat<object>(report.Errors.Take(3)))
    {
        Console.WriteLine($"  e.g. {issue}");
    }
}
