using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Quality;

/// One agency's frozen quarterly check (ACTION-PLAN S14.3): the counts of the accuracy formula and,
/// in <see cref="Items"/>, the datasets behind every count. Never changed once taken.
public sealed class QualitySnapshot
{
    public long Id { get; set; }
    public int Year { get; set; }
    public int Quarter { get; set; }
    public int AgencyId { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public required string TakenBy { get; set; }

    public int DatasetsOpen { get; set; }
    public int NotUpdatedOnTime { get; set; }
    public int BrokenLinks { get; set; }
    public int WrongInformation { get; set; }

    /// (1 − (not updated on time + broken links + wrong information) / datasets open) × 100, two decimals; null with nothing open.
    public decimal? Accuracy { get; set; }

    /// Datasets open at three stars or more, at four or more, at five: the S14.4 ratio and the S15 bonus.
    public int ThreeStarsOrMore { get; set; }
    public int FourStarsOrMore { get; set; }
    public int FiveStars { get; set; }

    public List<QualitySnapshotItem> Items { get; set; } = [];

    public string Period => $"{Year}Q{Quarter}";

    /// The accuracy formula as the plan writes it. A dataset with several faults counts once per fault
    /// (a late dataset with a broken link counts twice), so the figure can fall below zero when most
    /// datasets have several faults; it is not clipped, so that it stays the formula's.
    public static decimal? AccuracyOf(int open, int notUpdatedOnTime, int brokenLinks, int wrongInformation) =>
        open == 0 ? null : Math.Round((1m - (decimal)(notUpdatedOnTime + brokenLinks + wrongInformation) / open) * 100m, 2, MidpointRounding.AwayFromZero);
}

/// One dataset open at the time of a quarterly check, with its faults and their reasons.
public sealed class QualitySnapshotItem
{
    public long Id { get; set; }
    public long SnapshotId { get; set; }
    public Guid DatasetId { get; set; }
    public required string Identifier { get; set; }
    public required string Title { get; set; }
    public int Stars { get; set; }
    public bool NotUpdatedOnTime { get; set; }
    public bool BrokenLink { get; set; }
    public bool WrongInformation { get; set; }

    /// The reasons, one per line, Chinese then English.
    public string? Reasons { get; set; }
}

public sealed record QuarterlyCheckResult(IReadOnlyList<QualitySnapshot> Taken, IReadOnlyList<QualitySnapshot> AlreadyFrozen);

/// Takes the quarterly check for a quarter: a snapshot per agency of its own published datasets,
/// judged by <see cref="QualityAssessment"/> from the latest link checks. An agency's quarter that is
/// frozen already keeps its snapshot: running the check again only adds the agencies missing.
public sealed class QuarterlyCheck(KaifangDbContext db, AgencyDirectory agencies, QualityAssessment assessment, TimeProvider time)
{
    public async Task<QuarterlyCheckResult> RunAsync(int year, int quarter, string user, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var frozen = await db.QualitySnapshots.AsNoTracking().Where(s => s.Year == year && s.Quarter == quarter).ToListAsync(cancellationToken);
        var done = frozen.Select(s => s.AgencyId).ToHashSet();
        var now = time.GetUtcNow();
        var taken = new List<QualitySnapshot>();
        foreach (var (agency, _) in agencies.Tree.Flatten().Where(a => !done.Contains(a.Node.Id)))
        {
            var judged = await assessment.AssessAsync(new HashSet<int> { agency.Id }, null, cancellationToken);
            var snapshot = new QualitySnapshot
            {
                Year = year,
                Quarter = quarter,
                AgencyId = agency.Id,
                TakenAt = now,
                TakenBy = user,
                DatasetsOpen = judged.Count,
                NotUpdatedOnTime = judged.Count(d => d.NotUpdatedOnTime),
                BrokenLinks = judged.Count(d => d.HasBrokenLink),
                WrongInformation = judged.Count(d => d.HasWrongInformation),
                ThreeStarsOrMore = judged.Count(d => d.Stars.Stars >= 3),
                FourStarsOrMore = judged.Count(d => d.Stars.Stars >= 4),
                FiveStars = judged.Count(d => d.Stars.Stars >= 5),
                Items = [.. judged.OrderBy(d => d.Identifier, StringComparer.Ordinal).Select(Item)],
            };
            snapshot.Accuracy = QualitySnapshot.AccuracyOf(snapshot.DatasetsOpen, snapshot.NotUpdatedOnTime, snapshot.BrokenLinks, snapshot.WrongInformation);
            db.QualitySnapshots.Add(snapshot);
            taken.Add(snapshot);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node froze the same quarter at the same moment: its snapshots stand.
            db.ChangeTracker.Clear();
            return new([], await db.QualitySnapshots.AsNoTracking().Where(s => s.Year == year && s.Quarter == quarter).ToListAsync(cancellationToken));
        }
        return new(taken, frozen);
    }

    private static QualitySnapshotItem Item(DatasetQuality d)
    {
        var reasons = new List<string>();
        if (d.NotUpdatedOnTime)
        {
            reasons.Add($"{d.Freshness.Zh} / {d.Freshness.En}");
        }
        foreach (var r in d.Resources.Where(r => r.Broken))
        {
            reasons.Add($"連結失效「{r.Name}」：{r.Check?.Error} / Broken link “{r.Name}”: {r.Check?.Error}");
        }
        reasons.AddRange(d.Problems.Select(p => $"{p.Zh} / {p.En}"));
        return new QualitySnapshotItem
        {
            DatasetId = d.DatasetId,
            Identifier = d.Identifier,
            Title = d.Title,
            Stars = d.Stars.Stars,
            NotUpdatedOnTime = d.NotUpdatedOnTime,
            BrokenLink = d.HasBrokenLink,
            WrongInformation = d.HasWrongInformation,
            Reasons = reasons.Count == 0 ? null : string.Join('\n', reasons),
        };
    }

    /// The quarter (year, 1–4) a Taiwan date falls in, and the one before it.
    public static (int Year, int Quarter) QuarterOf(DateOnly day) => (day.Year, (day.Month - 1) / 3 + 1);

    public static (int Year, int Quarter) Previous((int Year, int Quarter) q) => q.Quarter == 1 ? (q.Year - 1, 4) : (q.Year, q.Quarter - 1);
}
