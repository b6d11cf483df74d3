using System.Diagnostics;
using Npgsql;

namespace Kaifang.Tests.Infrastructure;

/// A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, started with pg_ctl on
/// a free port of 127.0.0.1, stopped and removed at the end. Needs Debian's postgresql package
/// (.ci/run installs it); without it the tests that use it fail, saying so.
public sealed class PostgresCluster : IAsyncLifetime
{
    private string _directory = "";
    private string _bin = "";
    private bool _asPostgres;

    public int Port { get; private set; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30";

    public static string? FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql/<version>/bin. " +
            "Install Debian's package: sudo apt-get install -y postgresql (.ci/run does this).");
        _directory = Path.Combine(Path.GetTempPath(), "kaifang-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        // PostgreSQL refuses to run as root: as root, the cluster is the postgres user's.
        _asPostgres = Environment.UserName == "root";
        if (_asPostgres)
        {
            await RunAsync("chown", ["postgres:postgres", _directory], asPostgres: false);
        }
        Port = LoopbackServer.FreePort();
        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"]);
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400", "start"]);
    }

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_directory.Length == 0)
        {
            return;
        }
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task RunAsync(string file, string[] arguments, bool? asPostgres = null)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres ?? _asPostgres)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
        }
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
