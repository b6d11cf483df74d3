using System.Collections.Concurrent;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kaifang.Tests.Pipelines.Runs;

/// An agency's web server on 127.0.0.1 (a random port) whose answers a test sets: a file, an error
/// status, or a file sent half and then held until the test lets it go (to stop a run in the middle).
public sealed class SourceServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (int Status, byte[] Body, string Type)> _answers = new();
    private LoopbackServer _server = null!; // set by StartAsync

    private SourceServer()
    {
    }

    public string BaseUrl => _server.BaseUrl;

    /// Set when a held answer has sent its first half.
    public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Url(string path) => _server.Url(path);

    /// Whether /held.csv holds its second half; once released it sends the whole file.
    public bool Holding { get; set; } = true;

    /// How many times /held.csv was asked for.
    public int HeldRequests => _heldRequests;
    private int _heldRequests;

    public void Answer(string path, byte[] body, string type = "text/csv", int status = 200) => _answers[path] = (status, body, type);

    public static async Task<SourceServer> StartAsync()
    {
        var self = new SourceServer();
        self._server = await LoopbackServer.StartAsync(self.Routes);
        return self;
    }

    private void Routes(WebApplication app) =>
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path == "/held.csv")
            {
                Interlocked.Increment(ref _heldRequests);
                context.Response.ContentType = "text/csv";
                await context.Response.Body.WriteAsync("代碼,名稱\n"u8.ToArray());
                for (var i = 0; i < 2000; i++)
                {
                    await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{i},第{i}列\n"));
                }
                await context.Response.Body.FlushAsync();
                if (!Holding)
                {
                    return;
                }
                HalfSent.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            }
            if (!_answers.TryGetValue(path, out var answer))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.Type;
            await context.Response.Body.WriteAsync(answer.Body);
        });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
