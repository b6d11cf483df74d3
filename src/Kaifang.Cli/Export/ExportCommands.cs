using System.CommandLine;
using Kaifang.Interop.NationalPlatform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Kaifang.Cli.Export;

/// `kaifang export national --format csv|json --output FILE`: writes the published catalog as the
/// national platform's dataset list.
public static class ExportCommands
{
    /// Links to uploaded files need the portal's address; without Kaifang:PublicBaseUrl the default host is assumed.
    private const string DefaultBaseUrl = "http://localhost:5000";

    public static Command Build(CliContext context, Option<string?> data)
    {
        var format = new Option<string>("--format") { Description = "csv (data.gov.tw's export-all-datasets file) or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo>("--output") { Description = "The file to write", Required = true };
        var national = new Command("national", "Export published datasets as data.gov.tw's dataset list, with its Chinese column names") { format, output };
        national.SetAction((parse, cancellationToken) =>
            ExportNationalAsync(context, parse.GetValue(data), parse.GetRequiredValue(format), parse.GetRequiredValue(output), cancellationToken));
        return new Command("export", "Export the catalog for other platforms") { national };
    }

    private static async Task<int> ExportNationalAsync(CliContext context, string? dataDirectory, string format, FileInfo file, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(context, dataDirectory, cancellationToken);
        using var scope = host.Services.CreateScope();
        var export = scope.ServiceProvider.GetRequiredService<ExportNationalCatalog>();
        var baseUrl = scope.ServiceProvider.GetRequiredService<IOptions<KaifangOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : DefaultBaseUrl;
        if (file.Directory is { Exists: false } directory)
        {
            context.Console.MarkupLineInterpolated($"[red]No such directory: {directory.FullName}[/]");
            return 1;
        }
        // Written beside the target and moved into place, so a failed export leaves no half file.
        var partial = file.FullName + ".partial";
        await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            if (format == "json")
            {
                await export.WriteJsonAsync(stream, baseUrl, cancellationToken);
            }
            else
            {
                await export.WriteCsvAsync(stream, baseUrl, cancellationToken);
            }
        }
        File.Move(partial, file.FullName, overwrite: true);
        context.Console.MarkupLineInterpolated($"Wrote {file.FullName} ({new FileInfo(file.FullName).Length:N0} bytes)");
        return 0;
    }
}
