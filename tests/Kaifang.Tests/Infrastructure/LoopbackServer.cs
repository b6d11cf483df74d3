using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaifang.Tests.Infrastructure;

/// A real web server (Kestrel) on 127.0.0.1 at a free port the system picks, in the test process, answering
/// with the routes and middleware a test sets up; stopped when disposed. The stand-ins for other sites
/// (agencies' servers, the national platform) are built on it.
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// The server's address without a trailing slash, e.g. http://127.0.0.1:40123.
    public string BaseUrl { get; }

    private LoopbackServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string Url(string path) => BaseUrl + path;

    /// A port of 127.0.0.1 free at this moment (the system picks it; nothing listens on it when this returns).
    public static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// Starts a server whose requests are answered as <paramref name="routes"/> sets up (app.Use, app.Map…, app.Run).
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        try
        {
            routes(app);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
