using System.Collections.Concurrent;
using System.Globalization;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Catalog;

/// Hands out the next national identifier of an agency's datasets (organisation code, a dash and a six-digit serial).
/// The serial is one above the agency's highest in the database, and above the last this node handed out: creates at the
/// same moment in one agency on one node read the same highest identifier, and without the second rule all but one of
/// them were refused by the unique index and tried again (at 32 connections almost one refusal a create). Creates on two
/// nodes at once can still meet; the unique index refuses one and it takes the next. A create that fails after taking a
/// serial leaves it unused, as a deleted dataset does.
public sealed class DatasetIdentifiers
{
    private readonly ConcurrentDictionary<string, int> _lastHandedOut = new(StringComparer.Ordinal);

    public async Task<string> NextAsync(KaifangDbContext db, string organisationCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var prefix = organisationCode + "-";
        var highest = await db.Datasets
            .Where(d => d.Identifier.StartsWith(prefix))
            .OrderByDescending(d => d.Identifier)
            .Select(d => d.Identifier)
            .FirstOrDefaultAsync(cancellationToken);
        var stored = highest is not null && int.TryParse(highest.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var serial = _lastHandedOut.AddOrUpdate(prefix, stored + 1, (_, last) => Math.Max(last, stored) + 1);
        return $"{prefix}{serial:000000}";
    }
}
