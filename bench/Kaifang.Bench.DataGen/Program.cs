using System.Diagnostics;
using System.Globalization;
using Kaifang.Bench.DataGen;

// Usage: dotnet run --project bench/Kaifang.Bench.DataGen -- [count=100000] [output=national-export.csv] [seed=105]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var output = args.Length > 1 ? args[1] : "national-export.csv";
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 105;

var clock = Stopwatch.StartNew();
await using (var writer = new StreamWriter(output, append: false, NationalExportGenerator.FileEncoding, bufferSize: 1 << 16))
{
    new NationalExportGenerator(seed).Write(writer, count);
}
Console.WriteLine($"Wrote {count:N0} datasets to {Path.GetFullPath(output)} ({new FileInfo(output).Length / 1024.0 / 1024.0:N1} MB) in {clock.Elapsed.TotalSeconds:N1} s.");
