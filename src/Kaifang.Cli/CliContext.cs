using Spectre.Console;

namespace Kaifang.Cli;

/// What every command needs besides its own arguments: where to write, and configuration laid over the defaults.
public sealed record CliContext(IAnsiConsole Console, IReadOnlyDictionary<string, string?> Settings);
