using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Agencies;

/// Keeps the agency tree in memory for the process; reloaded when agencies change.
public sealed class AgencyDirectory(IServiceScopeFactory scopes)
{
    private AgencyTree? _tree;

    public AgencyTree Tree => _tree ?? Load();

    public void Invalidate() => _tree = null;

    private AgencyTree Load()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var tree = new AgencyTree(db.Agencies.AsNoTracking().ToList());
        _tree = tree;
        return tree;
    }
}
