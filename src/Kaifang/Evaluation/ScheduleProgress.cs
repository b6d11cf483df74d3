using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Evaluation;

/// One agency's progress against the schedule (ACTION-PLAN S13) in a year.
public sealed record AgencySchedule(string Agency, string AgencyName, string AgencyNameEn, int OpenNow, int? PlannedAtYearEnd, int NewInYear, int ProjectedNewInYear, int ProjectedOpenAtYearEnd)
{
    public bool OnTrack => PlannedAtYearEnd is not { } plan || ProjectedOpenAtYearEnd >= plan;
}

public sealed record ScheduleReport(int Year, DateOnly AsOf, double YearElapsed, int NewDatasetsFloor, IReadOnlyList<AgencySchedule> Agencies)
{
    public int NewInYear => Agencies.Sum(a => a.NewInYear);
    public int ProjectedNewInYear => Agencies.Sum(a => a.ProjectedNewInYear);
    public int OpenNow => Agencies.Sum(a => a.OpenNow);
    public int? PlannedAtYearEnd => Agencies.All(a => a.PlannedAtYearEnd is null) ? null : Agencies.Sum(a => a.PlannedAtYearEnd ?? 0);
}

/// Datasets open per agency against the year-end plan, new datasets against the yearly floor (130 in
/// the plan), and a projection to year end at the pace so far: new so far ÷ the share of the year gone
/// (Taiwan dates). "Open" counts datasets published now that were first published by the date asked for.
public sealed class ScheduleProgress(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public const int NewDatasetsFloor = 130;

    public Task<ScheduleReport> ForYearAsync(int year, CancellationToken cancellationToken) =>
        AsOfAsync(year, Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()), cancellationToken);

    /// The progress as it stood at the end of <paramref name="date"/> (kept within the year), e.g. a quarter's last day.
    public async Task<ScheduleReport> AsOfAsync(int year, DateOnly date, CancellationToken cancellationToken)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var asOf = date < first ? first : date > last ? last : date;
        var elapsed = (asOf.DayNumber - first.DayNumber + 1) / (double)(last.DayNumber - first.DayNumber + 1);
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var end = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var published = await db.Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Published && d.FirstPublishedAt != null && d.FirstPublishedAt < end)
            .Select(d => new { d.AgencyId, d.FirstPublishedAt }).ToListAsync(cancellationToken);
        var plans = await db.ScheduleTargets.AsNoTracking().Where(t => t.Year == year).ToDictionaryAsync(t => t.AgencyId, t => t.OpenDatasets, cancellationToken);
        var rows = new List<AgencySchedule>();
        foreach (var (agency, _) in agencies.Tree.Flatten())
        {
            var mine = published.Where(d => d.AgencyId == agency.Id).ToList();
            var open = mine.Count;
            var added = mine.Count(d => d.FirstPublishedAt >= start);
            var projected = elapsed >= 1 ? added : (int)Math.Round(added / elapsed, MidpointRounding.AwayFromZero);
            rows.Add(new AgencySchedule(agency.Code, agency.Name, agency.NameEn, open, plans.TryGetValue(agency.Id, out var plan) ? plan : null,
                added, projected, open - added + projected));
        }
        return new ScheduleReport(year, asOf, elapsed, NewDatasetsFloor, rows);
    }
}
