using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Security;

/// The app the access matrix runs against: the public forms' rate limits out of the way (the matrix sends
/// hundreds), and every statement that writes to the database recorded with the request that caused it, so
/// that a refused request is shown to have changed nothing, whatever table it would have touched.
public sealed partial class AccessAppFactory : KaifangAppFactory, IObserver<DiagnosticListener>
{
    /// The header that names the request a write belongs to.
    public const string CaseHeader = "X-Access-Case";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _writes = new(StringComparer.Ordinal);
    private readonly IDisposable _subscription;
    /// Reads the request of the calling flow; the app registers an accessor, so requests set it.
    private static readonly HttpContextAccessor Requests = new();

    public AccessAppFactory()
    {
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:Feedback:MaxCommentsPerHour"] = "100000",
            ["Kaifang:Feedback:MaxCommentsPerDay"] = "100000",
            ["Kaifang:Feedback:SweepMinutes"] = "0",
            ["Kaifang:Inventory:SweepMinutes"] = "0",
            ["Kaifang:Promotion:MaxRegistrationsPerHour"] = "100000",
            ["Kaifang:Promotion:MaxShowcasesPerHour"] = "100000",
            // Link checks of the targets' loopback links answer at once.
            ["Kaifang:Quality:PolitenessDelayMilliseconds"] = "0",
            ["Kaifang:Quality:RetryBackoffMilliseconds"] = "0",
            ["Kaifang:Quality:TimeoutSeconds"] = "2",
        }));
        builder.ConfigureTestServices(services => services.AddHttpContextAccessor());
    }

    /// What the matrix's cases share: the users' clients and the targets, made once.
    public ConcurrentDictionary<string, object> Shared { get; } = new(StringComparer.Ordinal);

    /// The database writes the request tagged with <paramref name="caseId"/> made.
    public IReadOnlyList<string> WritesOf(string caseId) =>
        _writes.TryGetValue(caseId, out var writes) ? [.. writes] : [];

    private void Record(CommandEventData data)
    {
        var caseId = Requests.HttpContext?.Request.Headers[CaseHeader].ToString();
        if (string.IsNullOrEmpty(caseId))
        {
            return;
        }
        var text = data.Command.CommandText;
        // Using an API token notes when it was last used; that is not a change the request asked for.
        if (WritePattern().IsMatch(text) && !text.Contains("\"ApiTokens\" SET \"LastUsedAt\"", StringComparison.Ordinal))
        {
            _writes.GetOrAdd(caseId, _ => new()).Enqueue(text);
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(new CommandObserver(this));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription.Dispose();
            foreach (var shared in Shared.Values)
            {
                (shared as IDisposable)?.Dispose();
                ((shared as (HttpClient, string)?)?.Item1)?.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    [GeneratedRegex(@"(^|;)\s*(INSERT|UPDATE|DELETE)\s", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex WritePattern();

    private sealed class CommandObserver(AccessAppFactory app) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            {
                app.Record(data);
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
