namespace Kaifang.Catalog;

public static class DatasetKeys
{
    /// The dataset a caller names: by its id, its URL name (any case) or its national identifier.
    public static IQueryable<Dataset> Named(this IQueryable<Dataset> datasets, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var trimmed = key.Trim();
        if (Guid.TryParse(trimmed, out var id))
        {
            return datasets.Where(d => d.Id == id);
        }
        var lower = trimmed.ToLowerInvariant();
        return datasets.Where(d => d.Name == lower || d.Identifier == trimmed);
    }
}
