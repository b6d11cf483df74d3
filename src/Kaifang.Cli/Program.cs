namespace Kaifang.Cli;

public static class CliProgram
{
    public static int Main(string[] args) => args.Length == 0 ? 0 : 1;
}
