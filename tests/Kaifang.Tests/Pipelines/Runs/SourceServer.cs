using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaifang.Tests.Pipelines.Runs;

/// An agency's web server on 127.0.0.1 (a random port) whose answers a test sets: a file, an error
/// status, or a file sent half and then held until the test lets it go (to stop a run in the middle).
public sealed class SourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, byte[] Body, string Type)> _answers = new();

    public string BaseUrl { get; }

    /// Set when a held answer has sent its first half.
    public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SourceServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string Url(string path) => BaseUrl + path;

    public void Answer(string path, byte[] body, string type = "text/csv", int status = 200) => _answers[path] = (status, body, type);

    public static async Task<SourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        SourceServer? self = null;
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path == "/held.csv")
            {
                context.Response.ContentType = "text/csv";
                await context.Response.Body.WriteAsync("代碼,名稱\n"u8.ToArray());
                for (var i = 0; i < 2000; i++)
                {
                    await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{i},第{i}列\n"));
                }
                await context.Response.Body.FlushAsync();
                self!.HalfSent.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            }
            if (!self!._answers.TryGetValue(path, out var answer))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.Type;
            await context.Response.Body.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new SourceServer(app, address.TrimEnd('/'));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
