using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Feedback;

/// Behind a trusted reverse proxy the rate limit counts each visitor, not the proxy.
public sealed class TrustedProxyTests : IDisposable
{
    /// Every request arrives from the proxy at 10.1.2.3, as behind a real load balancer.
    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
                return following(context);
            });
            next(app);
        };
    }

    private sealed class ProxiedApp() : FeedbackAppFactory(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero), new() { ["Kaifang:TrustedProxies:0"] = "10.0.0.0/8" })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FromProxy>());
        }
    }

    private readonly ProxiedApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<HttpStatusCode> CommentFromAsync(HttpClient client, string dataset, string visitor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback")
        {
            Content = JsonContent.Create(new { dataset, kind = "question", body = "請問何時更新？" }),
        };
        request.Headers.Add("X-Forwarded-For", visitor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Each_visitor_behind_the_proxy_has_a_limit_of_their_own()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await CommentFromAsync(client, dataset, "203.0.113.5"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await CommentFromAsync(client, dataset, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.Created, await CommentFromAsync(client, dataset, "203.0.113.6"));
    }
}
