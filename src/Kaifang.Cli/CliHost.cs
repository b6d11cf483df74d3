using Kaifang.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kaifang.Cli;

/// Builds the same core services the web host uses, over the chosen data directory, and brings
/// the database up to date before a command runs.
public static class CliHost
{
    public static async Task<IHost> StartAsync(CliContext context, string? dataDirectory, CancellationToken cancellationToken)
    {
        var host = Build(context, dataDirectory);
        using var scope = host.Services.CreateScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        if (seeded.Count > 0)
        {
            // The only time these passwords are shown: the database was just created.
            var table = new Table().AddColumns("User", "Role", "Agency", "Password");
            foreach (var account in seeded)
            {
                table.AddRow(Markup.Escape(account.UserName), account.Role.ToString(), account.AgencyCode, Markup.Escape(account.Password));
            }
            context.Console.MarkupLine("[yellow]New database: staff accounts created. Note the passwords; they are not shown again.[/]");
            context.Console.Write(table);
        }
        return host;
    }

    /// The same services without touching the database: for the commands that must see it as it is (backup), or
    /// fill it themselves (restore) instead of having it seeded.
    public static IHost Build(CliContext context, string? dataDirectory)
    {
        // An empty builder: no console logging mixed into the command's output, no command-line configuration
        // (System.CommandLine owns the arguments).
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(context.Settings);
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            builder.Configuration.AddInMemoryCollection([new($"{KaifangOptions.Section}:{nameof(KaifangOptions.DataDirectory)}", dataDirectory)]);
        }
        builder.Services.AddKaifangCore(builder.Configuration);
        return builder.Build();
    }
}
