using System.Collections.Concurrent;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kaifang.Tests.Quality;

/// A real web server on 127.0.0.1 (a random port), in the test process, that behaves as agencies'
/// servers do: good files, redirect chains and loops, errors, a failure that passes, slow answers,
/// HEAD refused, wrong content types, HTML where a CSV should be, and redirects into internal networks.
public sealed class LinkTestServer : IAsyncDisposable
{
    public const string Csv = "縣市,人數\n臺北市,12\n高雄市,7\n";

    private readonly ConcurrentDictionary<string, int> _hits = new();
    private LoopbackServer _server = null!; // set by StartAsync

    private LinkTestServer()
    {
    }

    public string BaseUrl => _server.BaseUrl;

    public string Url(string path) => _server.Url(path);

    /// Requests that reached the path, HEAD and GET alike.
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<LinkTestServer> StartAsync()
    {
        var self = new LinkTestServer();
        self._server = await LoopbackServer.StartAsync(self.Routes);
        return self;
    }

    private void Routes(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });
        Get(app, "/good.csv", () => Results.Text(Csv, "text/csv; charset=utf-8"));
        Get(app, "/moved", () => Results.Redirect("/moved-again", permanent: true));
        Get(app, "/moved-again", () => Results.Redirect("/good.csv"));
        Get(app, "/loop/{n:int}", (int n) => Results.Redirect($"/loop/{n + 1}"));
        Get(app, "/gone.csv", () => Results.NotFound());
        Get(app, "/down.csv", () => Results.StatusCode(500));
        Get(app, "/recovers.csv", (HttpContext context) =>
            Hits("/recovers.csv") == 1 ? Results.StatusCode(500) : Results.Text(Csv, "text/csv"));
        Get(app, "/slow.csv", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Text(Csv, "text/csv");
        });
        // Kestrel's own MapGet answers HEAD with 405, as some agencies' servers do.
        app.MapGet("/no-head.csv", () => Results.Text(Csv, "text/csv"));
        Get(app, "/wrong-type.csv", () => Results.Text(Csv, "application/pdf"));
        Get(app, "/page.csv", () => Results.Text("<!DOCTYPE html><html><head><title>首頁</title></head><body>找不到檔案</body></html>", "text/csv"));
        Get(app, "/portal.csv", () => Results.Text("<html><body>入口網</body></html>", "text/html"));
        Get(app, "/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        Get(app, "/to-intranet", () => Results.Redirect("http://10.20.30.40/data.csv"));
        Get(app, "/big.csv", () => Results.Bytes(new byte[1024 * 1024], "text/csv"));
    }

    /// Answers GET and HEAD alike, as most web servers do.
    private static void Get(WebApplication app, string pattern, Delegate handler) => app.MapMethods(pattern, ["GET", "HEAD"], handler);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
