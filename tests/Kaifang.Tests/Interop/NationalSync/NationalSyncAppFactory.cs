using System.Net.Http.Json;
using Kaifang.Interop.NationalSync;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Interop.NationalSync;

/// The app on a clock the test moves, publishing to a stand-in platform: short request timeout,
/// a minute's first back-off, three attempts.
public sealed class NationalSyncAppFactory : KaifangAppFactory
{
    public const int TimeoutSeconds = 2;
    public const int RetryBaseSeconds = 60;
    public const int MaxAttempts = 3;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero));

    /// Every line the app logged, at every level.
    public CapturedLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:PublicBaseUrl"] = "https://data.mol.gov.tw",
            ["Kaifang:NationalSync:RequestTimeoutSeconds"] = $"{TimeoutSeconds}",
            ["Kaifang:NationalSync:RetryBaseSeconds"] = $"{RetryBaseSeconds}",
            ["Kaifang:NationalSync:MaxAttempts"] = $"{MaxAttempts}",
        }));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Log));
    }

    /// Points the agency at the stand-in with its key, as the ministry's administrator does.
    public async Task ConfigureAsync(string agency, NationalPlatformStandIn platform, bool enabled = true)
    {
        using var admin = await this.WithTokenAsync("mol-admin");
        var response = await admin.PutAsJsonAsync($"/api/v1/national-sync/agencies/{agency}",
            new { baseUrl = platform.BaseUrl, apiKey = platform.ApiKey, enabled });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// A published dataset of the agency, made by its officer through the API; returns its name.
    public async Task<string> PublishedDatasetAsync(string agency, string title = "勞工保險投保薪資分級表")
    {
        using var officer = await this.WithTokenAsync($"{agency.ToLowerInvariant()}-officer");
        var name = await officer.CreateDraftAsync(agency, title);
        (await officer.AddLinkAsync(name)).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        return name;
    }

    public Task<List<NationalSyncAgencyOutcome>> RunAsync(string? agency = null, bool ignoreBackoff = false) =>
        Services.GetRequiredService<NationalSyncRunner>().RunAsync(agency, ignoreBackoff, CancellationToken.None);

    public NationalSyncRecord Record(string identifierOrName) => WithDb(db =>
    {
        var dataset = db.Datasets.FirstOrDefault(d => d.Name == identifierOrName || d.Identifier == identifierOrName);
        var identifier = dataset?.Identifier ?? identifierOrName;
        return db.NationalSyncRecords.Single(r => r.Identifier == identifier);
    });

    public string IdentifierOf(string name) => WithDb(db => db.Datasets.Single(d => d.Name == name).Identifier);
}

/// Keeps what is logged, for tests that look for what must never be written there.
public sealed class CapturedLog : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            log._lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
