using Kaifang.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Storage;

/// A piece of work that one process at a time may do across every node of the installation (a harvest source's run,
/// one agency's sending to the national platform, the check of every link): a row named after the work, held by the
/// process that inserted it and kept alive by its heartbeat.
public sealed class WorkClaimRow
{
    public string Name { get; set; } = "";

    /// The process holding it (<see cref="NodeIdentity"/>), and this holding of it, so two holdings in one process differ.
    public Guid Node { get; set; }
    public Guid Token { get; set; }

    public DateTimeOffset TakenAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
}

public sealed class WorkClaimRowEntityTypeConfiguration : IEntityTypeConfiguration<WorkClaimRow>
{
    public void Configure(EntityTypeBuilder<WorkClaimRow> builder)
    {
        builder.ToTable("WorkClaims");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(200);
    }
}

/// Takes and keeps claims on work. A claim whose holder has not been heard from for
/// <see cref="KaifangOptions.ClaimTimeoutSeconds"/> (its process was killed or lost the database) may be taken by
/// another; a holder renews it every quarter of that time, and learns through <see cref="WorkClaim.Lost"/> if
/// it was taken from it after all.
public sealed class WorkClaims(IServiceScopeFactory scopes, NodeIdentity node, TimeProvider time, IOptions<KaifangOptions> options, ILogger<WorkClaims> log)
{
    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(4, options.Value.ClaimTimeoutSeconds));

    /// Takes the claim named <paramref name="name"/>, or returns null when another holder has it.
    public async Task<WorkClaim?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var token = Guid.NewGuid();
        var now = time.GetUtcNow();
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            var cutoff = now - Timeout;
            // A claim left by a holder gone silent is taken over in one conditional update, which one taker wins.
            var tookOver = await db.WorkClaims.Where(c => c.Name == name && c.HeartbeatAt < cutoff)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.Node, node.Id)
                    .SetProperty(c => c.Token, token)
                    .SetProperty(c => c.TakenAt, now)
                    .SetProperty(c => c.HeartbeatAt, now), cancellationToken);
            if (tookOver == 0)
            {
                db.WorkClaims.Add(new WorkClaimRow { Name = name, Node = node.Id, Token = token, TakenAt = now, HeartbeatAt = now });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
                {
                    return null;
                }
            }
        }
        return new WorkClaim(this, name, token);
    }

    /// The names starting with <paramref name="prefix"/> whose holders are alive (heard from within the timeout).
    public async Task<HashSet<string>> HeldAsync(string prefix, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var cutoff = time.GetUtcNow() - Timeout;
        return [.. await db.WorkClaims.AsNoTracking().Where(c => c.Name.StartsWith(prefix) && c.HeartbeatAt >= cutoff).Select(c => c.Name).ToListAsync(cancellationToken)];
    }

    internal async Task<bool> RenewAsync(string name, Guid token, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        return await db.WorkClaims.Where(c => c.Name == name && c.Token == token)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.HeartbeatAt, time.GetUtcNow()), cancellationToken) == 1;
    }

    internal async Task ReleaseAsync(string name, Guid token)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        await db.WorkClaims.Where(c => c.Name == name && c.Token == token).ExecuteDeleteAsync(CancellationToken.None);
    }

    internal Task HeartbeatAsync(WorkClaim claim, CancellationTokenSource lost, CancellationToken stop) =>
        Heartbeat.KeepAsync(time, Timeout / 4, ct => RenewAsync(claim.Name, claim.Token, ct), lost, log, $"The claim on {claim.Name}", stop);
}

/// A claim held: renewed in the background until disposed, which gives it up.
public sealed class WorkClaim : IAsyncDisposable
{
    private readonly WorkClaims _claims;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    internal WorkClaim(WorkClaims claims, string name, Guid token)
    {
        _claims = claims;
        Name = name;
        Token = token;
        _heartbeat = claims.HeartbeatAsync(this, _lost, _stop.Token);
    }

    public string Name { get; }
    internal Guid Token { get; }

    /// Cancelled when the claim was taken by another holder: the work should stop, having saved nothing half-done.
    public CancellationToken Lost => _lost.Token;

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _heartbeat;
        await _claims.ReleaseAsync(Name, Token);
        _stop.Dispose();
        _lost.Dispose();
    }
}
