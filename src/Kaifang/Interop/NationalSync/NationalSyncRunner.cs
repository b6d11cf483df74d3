using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Interop.NationalSync;

/// Runs the queue one run at a time in this process, so that the schedule, "sync now" and the
/// command line never send the same change twice at once.
public sealed class NationalSyncRunner(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<List<NationalSyncAgencyOutcome>> RunAsync(string? agencyCode, bool ignoreBackoff, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var scope = scopes.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<NationalSyncDispatcher>().RunAsync(agencyCode, ignoreBackoff, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
