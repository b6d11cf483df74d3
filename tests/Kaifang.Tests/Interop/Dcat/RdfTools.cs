using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kaifang.Tests.Interop.Dcat;

/// Real RDF parsers, to check what Kaifang writes: Debian's rapper (raptor2-utils) for Turtle and
/// RDF/XML, and the jsonld package from npm for JSON-LD (scripts/install-test-deps installs both).
/// Each returns the graph as N-Triples lines, blank node labels as the tool chose them.
public static partial class RdfTools
{
    private const string JsonLdToNQuads =
        "const jsonld = require('jsonld'); const fs = require('fs');" +
        "jsonld.toRDF(JSON.parse(fs.readFileSync(process.argv[1], 'utf8')), { format: 'application/n-quads' })" +
        ".then(n => process.stdout.write(n)).catch(e => { console.error(e.message || e); process.exit(1); });";

    private static readonly Lazy<string> NodeModules = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "node_modules");
            if (File.Exists(Path.Combine(path, "jsonld", "package.json")))
            {
                return path;
            }
        }
        throw new InvalidOperationException("jsonld is not installed; run scripts/install-test-deps (npm ci).");
    });

    /// rapper's N-Triples for Turtle ("turtle") or RDF/XML ("rdfxml"); fails the test on any parse error or warning.
    public static async Task<IReadOnlyList<string>> RapperAsync(string content, string syntax, string baseUri = "http://localhost/")
    {
        var file = await TempFileAsync(content, syntax == "turtle" ? ".ttl" : ".rdf");
        try
        {
            var (exit, output, error) = await RunAsync("rapper", ["-q", "-i", syntax, "-o", "ntriples", file, baseUri], null);
            Assert.True(exit == 0 && error.Trim().Length == 0, $"rapper rejected the {syntax}: {error}");
            return Lines(output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// jsonld.js's N-Quads (all in the default graph here, so N-Triples with a final " .").
    public static async Task<IReadOnlyList<string>> JsonLdAsync(string content)
    {
        var file = await TempFileAsync(content, ".jsonld");
        try
        {
            var (exit, output, error) = await RunAsync("node", ["-e", JsonLdToNQuads, file], NodeModules.Value);
            Assert.True(exit == 0, $"jsonld rejected the JSON-LD: {error}");
            return Lines(output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// The triples without blank nodes, which two parsers must agree on exactly; language tags are
    /// compared in lower case, as they are case-insensitive (rapper lower-cases RDF/XML's).
    public static IReadOnlySet<string> Grounded(IEnumerable<string> lines) =>
        lines.Where(l => !l.StartsWith("_:", StringComparison.Ordinal) && !l.Contains(" _:", StringComparison.Ordinal))
            .Select(l => LanguageTag().Replace(l, m => m.Value.ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\"@[A-Za-z0-9-]+ \\.$")]
    private static partial Regex LanguageTag();

    private static List<string> Lines(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static async Task<string> TempFileAsync(string content, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kaifang-rdf-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string[] arguments, string? nodePath)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (nodePath is not null)
        {
            start.Environment["NODE_PATH"] = nodePath;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
