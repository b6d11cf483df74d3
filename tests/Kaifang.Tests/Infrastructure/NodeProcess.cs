using System.Diagnostics;
using System.Net;
using System.Text;

namespace Kaifang.Tests.Infrastructure;

/// A Kaifang web node in an operating-system process of its own — the built Kaifang.Web beside the tests — so that a
/// test can kill it outright (SIGKILL), as a crash or a pulled plug would, which an in-process node cannot show.
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string BaseUrl { get; }
    public string DataDirectory { get; }

    private NodeProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    /// What the node printed so far, for a failing test's message.
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// Starts a node with <paramref name="settings"/> (configuration keys such as Kaifang:DataDirectory) and waits
    /// until it answers HTTP.
    public static async Task<NodeProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string dataDirectory, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = LoopbackServer.FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kaifang.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        start.Environment["Kaifang__DataDirectory"] = dataDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Kaifang.Web.");
        var node = new NodeProcess(process, $"http://127.0.0.1:{port}", dataDirectory);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilAnsweringAsync(startTimeout ?? TimeSpan.FromSeconds(90));
        return node;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Kaifang node exited with code {_process.ExitCode} before answering:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/api/3/action/status_show");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > timeout)
            {
                await KillAsync();
                throw new TimeoutException($"The Kaifang node did not answer within {timeout.TotalSeconds} s:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// Kills the node at once (SIGKILL on Linux): no shutdown, no cleanup, whatever it was doing cut off.
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for the processes it starts).
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
