using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Promotion;

/// What staff fill in for an event. Times are instants (ISO 8601 with an offset; the pages send Taipei time).
/// RegistrationClosesAt defaults to the start; Datasets are names or identifiers of published datasets.
public sealed record EventInput(
    string? Agency, string? Title, string? Kind, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    string? Venue, string? OnlineUrl, int? Capacity, DateTimeOffset? RegistrationClosesAt, IReadOnlyList<string>? Datasets);

/// Agencies' events (ACTION-PLAN S11): created and changed by the agency's admins and data officers,
/// listed for the public with upcoming ones first.
public sealed class PromotionEvents(KaifangDbContext db, AgencyDirectory agencies, IOptions<PromotionOptions> options, TimeProvider time)
{
    public const int MaxCapacity = 10_000;

    public async Task<CatalogResult<PromotionEvent>> CreateAsync(StaffScope staff, EventInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var agencyId = AgencyOf(staff, input.Agency, errors);
        // Staff who may not manage the agency's events are refused before their input is judged.
        if (!StaffScope.Allows(staff.Role, StaffAction.ManageEvents) || (agencyId != 0 && !staff.Can(StaffAction.ManageEvents, agencyId)))
        {
            return CatalogResult<PromotionEvent>.Forbidden();
        }
        var datasets = await DatasetsAsync(input.Datasets, errors, cancellationToken);
        Validate(input, errors);
        if (!errors.IsValid)
        {
            return CatalogResult<PromotionEvent>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var created = new PromotionEvent { Id = Guid.CreateVersion7(now), Title = "", CreatedBy = staff.UserName, CreatedAt = now };
        Apply(created, input, agencyId, datasets, now);
        db.PromotionEvents.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<PromotionEvent>.Ok(created);
    }

    /// Changes an event; more seats give the first waiting registrants a seat, and they are told.
    public async Task<CatalogResult<PromotionEvent>> UpdateAsync(StaffScope staff, Guid id, EventInput input, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(input);
        var existing = await db.PromotionEvents.Include(e => e.Datasets).Include(e => e.Registrations).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (existing is null)
        {
            return CatalogResult<PromotionEvent>.NotFound();
        }
        if (!staff.Can(StaffAction.ManageEvents, existing.AgencyId))
        {
            return CatalogResult<PromotionEvent>.Forbidden();
        }
        var errors = new ValidationErrors();
        var agencyId = input.Agency is null ? existing.AgencyId : AgencyOf(staff, input.Agency, errors);
        var datasets = await DatasetsAsync(input.Datasets, errors, cancellationToken);
        Validate(input, errors);
        var confirmed = existing.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed);
        if (input.Capacity is { } capacity && capacity < confirmed)
        {
            errors.Add("capacity", $"已有 {confirmed} 人錄取，名額不能少於 {confirmed}；請先取消部分報名。",
                $"{confirmed} people already have a seat, so there cannot be fewer than {confirmed} seats; cancel some registrations first.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<PromotionEvent>.Invalid(errors);
        }
        if (!staff.Can(StaffAction.ManageEvents, agencyId))
        {
            return CatalogResult<PromotionEvent>.Forbidden();
        }
        var now = time.GetUtcNow();
        var wanted = datasets.Select(d => d.Id).ToHashSet();
        foreach (var gone in existing.Datasets.Where(d => !wanted.Contains(d.DatasetId)).ToList())
        {
            existing.Datasets.Remove(gone);
            db.EventDatasets.Remove(gone);
        }
        Apply(existing, input, agencyId, [.. datasets.Where(d => !existing.Datasets.Any(e => e.DatasetId == d.Id))], now);
        EventRegistrations.FillSeats(db, existing, baseUrl, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<PromotionEvent>.Ok(existing);
    }

    public async Task<PromotionEvent?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.PromotionEvents.AsNoTracking().Include(e => e.Datasets).Include(e => e.Registrations).AsSplitQuery()
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// Every event with its seats taken and waiting: upcoming (not yet ended) soonest first, then past ones latest first.
    public async Task<IReadOnlyList<EventSummary>> ListAsync(IReadOnlySet<int>? onlyAgencies, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = db.PromotionEvents.AsNoTracking();
        if (onlyAgencies is not null)
        {
            var agencyIds = onlyAgencies.ToList();
            query = query.Where(e => agencyIds.Contains(e.AgencyId));
        }
        var events = await query.Include(e => e.Datasets).ToListAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var counts = await db.EventRegistrations.AsNoTracking().Where(r => ids.Contains(r.EventId) && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.EventId, r.Status }).Select(g => new { g.Key.EventId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(Guid id, RegistrationStatus status) => counts.FirstOrDefault(c => c.EventId == id && c.Status == status)?.Count ?? 0;
        var summaries = events.Select(e => new EventSummary(e, Count(e.Id, RegistrationStatus.Confirmed), Count(e.Id, RegistrationStatus.Waiting), e.EndsAt < now)).ToList();
        return [.. summaries.Where(s => !s.Past).OrderBy(s => s.Event.StartsAt), .. summaries.Where(s => s.Past).OrderByDescending(s => s.Event.StartsAt)];
    }

    /// The published datasets' names and titles, for showing what an event is about.
    public async Task<IReadOnlyList<(string Name, string Title)>> DatasetTitlesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Datasets.AsNoTracking().Where(d => list.Contains(d.Id) && d.Status == DatasetStatus.Published)
            .Select(d => new { d.Name, d.Title }).ToListAsync(cancellationToken);
        return [.. found.OrderBy(d => d.Title, StringComparer.Ordinal).Select(d => (d.Name, d.Title))];
    }

    private int AgencyOf(StaffScope staff, string? code, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return staff.AgencyId;
        }
        var node = agencies.Tree.FindByCode(code.Trim());
        if (node is null)
        {
            errors.Add("agency", $"沒有代碼為「{code}」的機關；可用的代碼：{string.Join("、", agencies.Tree.All.Select(a => a.Code))}。",
                $"There is no agency '{code}'; the codes are {string.Join(", ", agencies.Tree.All.Select(a => a.Code))}.");
            return 0;
        }
        return node.Id;
    }

    /// Published datasets named by name or identifier; each unknown one is named in an error.
    internal static async Task<List<(Guid Id, int AgencyId)>> DatasetsAsync(KaifangDbContext db, IReadOnlyList<string>? keys, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var found = new List<(Guid, int)>();
        foreach (var key in (keys ?? []).Select(k => (k ?? "").Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var dataset = await db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published).Named(key)
                .Select(d => new { d.Id, d.AgencyId }).FirstOrDefaultAsync(cancellationToken);
            if (dataset is null)
            {
                errors.Add("datasets", $"找不到公開的資料集「{key}」；請填寫資料集的名稱（網址中的代稱）或識別碼。",
                    $"There is no published dataset '{key}'; give the dataset's name (as in its address) or its identifier.");
            }
            else if (!found.Any(f => f.Item1 == dataset.Id))
            {
                found.Add((dataset.Id, dataset.AgencyId));
            }
        }
        return found;
    }

    private Task<List<(Guid Id, int AgencyId)>> DatasetsAsync(IReadOnlyList<string>? keys, ValidationErrors errors, CancellationToken cancellationToken) =>
        DatasetsAsync(db, keys, errors, cancellationToken);

    private void Validate(EventInput input, ValidationErrors errors)
    {
        errors.Required("title", input.Title, "活動名稱", "The title");
        errors.MaxLength("title", input.Title, 200);
        errors.MaxLength("description", input.Description, options.Value.MaxDescriptionLength);
        errors.MaxLength("venue", input.Venue, 300);
        if (PromotionKinds.ParseEvent(input.Kind) is null)
        {
            errors.Add("kind", "活動類型應為 explanatory-session（說明會）、workshop（工作坊）或 other（其他）。",
                "kind must be explanatory-session, workshop or other.");
        }
        if (input.StartsAt is null)
        {
            errors.Add("startsAt", "請填寫開始時間。", "The start is required.");
        }
        if (input.EndsAt is null)
        {
            errors.Add("endsAt", "請填寫結束時間。", "The end is required.");
        }
        else if (input.StartsAt is { } start && input.EndsAt <= start)
        {
            errors.Add("endsAt", "結束時間應晚於開始時間。", "The end must be after the start.");
        }
        if (input.RegistrationClosesAt is { } closes && input.StartsAt is { } starts && closes > starts)
        {
            errors.Add("registrationClosesAt", "報名截止時間不能晚於活動開始時間。", "Registration cannot close after the event starts.");
        }
        if (string.IsNullOrWhiteSpace(input.Venue) && string.IsNullOrWhiteSpace(input.OnlineUrl))
        {
            errors.Add("venue", "請填寫地點或線上會議連結（至少一項）。", "Give the venue or the online link (at least one).");
        }
        if (!string.IsNullOrWhiteSpace(input.OnlineUrl) && !IsWebAddress(input.OnlineUrl))
        {
            errors.Add("onlineUrl", $"「{input.OnlineUrl.Trim()}」不是 http 或 https 網址。", $"'{input.OnlineUrl.Trim()}' is not an http or https address.");
        }
        if (input.Capacity is not { } capacity || capacity < 1 || capacity > MaxCapacity)
        {
            errors.Add("capacity", $"名額應為 1 到 {MaxCapacity} 之間的整數。", $"The capacity must be a whole number from 1 to {MaxCapacity}.");
        }
    }

    internal static bool IsWebAddress(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static void Apply(PromotionEvent target, EventInput input, int agencyId, List<(Guid Id, int AgencyId)> datasets, DateTimeOffset now)
    {
        target.AgencyId = agencyId;
        target.Title = input.Title!.Trim();
        target.Kind = PromotionKinds.ParseEvent(input.Kind)!.Value;
        target.Description = (input.Description ?? "").Trim();
        target.StartsAt = input.StartsAt!.Value.ToUniversalTime();
        target.EndsAt = input.EndsAt!.Value.ToUniversalTime();
        target.Venue = string.IsNullOrWhiteSpace(input.Venue) ? null : input.Venue.Trim();
        target.OnlineUrl = string.IsNullOrWhiteSpace(input.OnlineUrl) ? null : input.OnlineUrl.Trim();
        target.Capacity = input.Capacity!.Value;
        target.RegistrationClosesAt = (input.RegistrationClosesAt ?? input.StartsAt!.Value).ToUniversalTime();
        target.ModifiedAt = now;
        target.Datasets.AddRange(datasets.Select(d => new EventDataset { EventId = target.Id, DatasetId = d.Id }));
    }
}

public sealed record EventSummary(PromotionEvent Event, int Confirmed, int Waiting, bool Past)
{
    public int SeatsLeft => Math.Max(0, Event.Capacity - Confirmed);
}
