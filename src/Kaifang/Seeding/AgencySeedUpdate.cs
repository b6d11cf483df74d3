using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Kaifang.Seeding;

/// Brings the seeded agencies of an existing database up to what the seed now says: the OID where
/// an agency has none, and the organisation code where it still has the wrong one an earlier
/// release seeded (<see cref="MinistryOfLaborSeed.CorrectedOrganisationCodes"/>). A value someone
/// set by hand is left alone, and so are the identifiers of datasets already published: a dataset
/// identifier is permanent once others have harvested it.
public static class AgencySeedUpdate
{
    public static async Task<int> ApplyAsync(KaifangDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        var stored = await db.Agencies.ToListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return 0;
        }
        var byCode = stored.ToDictionary(a => a.Code, StringComparer.Ordinal);
        var changed = 0;
        foreach (var seed in MinistryOfLaborSeed.Agencies())
        {
            if (byCode.TryGetValue(seed.Code, out var agency) && string.IsNullOrWhiteSpace(agency.Oid) && seed.Oid is not null)
            {
                agency.Oid = seed.Oid;
                changed++;
            }
        }

        // The three wrong codes were a rotation of each other, and the column is unique: each moves to
        // a placeholder first, then to its own code, inside one transaction.
        var moves = new List<(Agency Agency, string Official)>();
        foreach (var (code, (seeded, official)) in MinistryOfLaborSeed.CorrectedOrganisationCodes)
        {
            if (byCode.TryGetValue(code, out var agency) && agency.OrganisationCode == seeded)
            {
                moves.Add((agency, official));
            }
        }
        var moving = moves.Select(m => m.Agency).ToHashSet();
        moves.RemoveAll(m =>
        {
            var holder = stored.FirstOrDefault(a => a.OrganisationCode == m.Official && !moving.Contains(a));
            if (holder is not null)
            {
                logger.LogWarning("Agency {Code} keeps organisation code {Old}: {Official} belongs to agency {Holder}",
                    m.Agency.Code, m.Agency.OrganisationCode, m.Official, holder.Code);
            }
            return holder is not null;
        });

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (moves.Count > 0)
        {
            foreach (var (agency, _) in moves)
            {
                agency.OrganisationCode = $"~{agency.Code}";
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (agency, official) in moves)
            {
                logger.LogInformation("Agency {Code}: organisation code corrected to {Official}", agency.Code, official);
                agency.OrganisationCode = official;
            }
            changed += moves.Count;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return changed;
    }
}
