using System.CommandLine;
using Spectre.Console;

namespace Kaifang.Cli;

public static class CliProgram
{
    public static Task<int> Main(string[] args) => RunAsync(args, AnsiConsole.Console);

    /// The whole command line, in-process: tests call this with their own console and settings.
    /// <paramref name="settings"/> are configuration values laid over appsettings.json and environment variables.
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, IReadOnlyDictionary<string, string?>? settings = null, TextWriter? helpOutput = null)
    {
        var root = KaifangCommands.Build(new CliContext(console, settings ?? new Dictionary<string, string?>()));
        var invocation = new InvocationConfiguration();
        if (helpOutput is not null)
        {
            invocation.Output = helpOutput;
            invocation.Error = helpOutput;
        }
        return root.Parse(args).InvokeAsync(invocation, CancellationToken.None);
    }
}
