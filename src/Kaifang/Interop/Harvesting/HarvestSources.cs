using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Kaifang.Interop.Harvesting;

/// What a member of staff sends to add or change a harvest source.
public sealed record HarvestSourceInput
{
    public string? Name { get; init; }
    public string? Title { get; init; }

    /// ckan, dcat or national.
    public string? Kind { get; init; }
    public string? Url { get; init; }

    /// The agency code that datasets of organizations Kaifang does not know are filed under.
    public string? Agency { get; init; }

    /// hourly, daily, weekly, a Quartz cron expression ("0 30 2 * * ?"), or empty for on demand only.
    public string? Schedule { get; init; }
    public bool? Enabled { get; init; }
}

/// Adds, changes and removes harvest sources. Harvesting writes into the whole catalog, so only a
/// system administrator manages sources; other staff may look.
public sealed class HarvestSources(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    /// Named schedules, as Quartz cron expressions (seconds first); times are Taiwan's.
    public static readonly IReadOnlyDictionary<string, string> NamedSchedules = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["hourly"] = "0 15 * * * ?",
        ["daily"] = "0 30 2 * * ?",
        ["weekly"] = "0 30 3 ? * SUN",
    };

    public static readonly IReadOnlyDictionary<string, HarvestSourceKind> Kinds = new Dictionary<string, HarvestSourceKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["ckan"] = HarvestSourceKind.Ckan,
        ["dcat"] = HarvestSourceKind.Dcat,
        ["national"] = HarvestSourceKind.NationalPlatform,
    };

    public static string KindName(HarvestSourceKind kind) => Kinds.First(k => k.Value == kind).Key;

    public Task<List<HarvestSource>> ListAsync(CancellationToken cancellationToken) =>
        db.HarvestSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);

    public Task<HarvestSource?> FindAsync(string name, CancellationToken cancellationToken) =>
        db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, cancellationToken);

    public async Task<CatalogResult<HarvestSource>> CreateAsync(StaffScope who, HarvestSourceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        if (!StaffScope.Allows(who.Role, StaffAction.ManageSystem))
        {
            return CatalogResult<HarvestSource>.Forbidden();
        }
        var errors = await ValidateAsync(input, null, cancellationToken);
        if (!errors.IsValid)
        {
            return CatalogResult<HarvestSource>.Invalid(errors);
        }
        var source = new HarvestSource
        {
            Id = Guid.NewGuid(),
            Name = input.Name!.Trim().ToLowerInvariant(),
            Title = "",
            Url = "",
            CreatedAt = time.GetUtcNow(),
        };
        Apply(input, source);
        db.HarvestSources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<HarvestSource>.Ok(source);
    }

    public async Task<CatalogResult<HarvestSource>> UpdateAsync(StaffScope who, string name, HarvestSourceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (source is null)
        {
            return CatalogResult<HarvestSource>.NotFound();
        }
        if (!StaffScope.Allows(who.Role, StaffAction.ManageSystem))
        {
            return CatalogResult<HarvestSource>.Forbidden();
        }
        var errors = await ValidateAsync(input with { Name = input.Name ?? source.Name }, source.Id, cancellationToken);
        if (!errors.IsValid)
        {
            return CatalogResult<HarvestSource>.Invalid(errors);
        }
        var moved = source.Url != input.Url?.Trim() || source.Kind != Kinds[input.Kind!.Trim()];
        Apply(input, source);
        if (moved)
        {
            // Another address is another catalog: the next run reads it whole.
            source.HarvestedUntil = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<HarvestSource>.Ok(source);
    }

    /// Removes the source and its runs. The datasets it brought stay, as ordinary local datasets
    /// that staff may now change.
    public async Task<CatalogResult<HarvestSource>> DeleteAsync(StaffScope who, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (source is null)
        {
            return CatalogResult<HarvestSource>.NotFound();
        }
        if (!StaffScope.Allows(who.Role, StaffAction.ManageSystem))
        {
            return CatalogResult<HarvestSource>.Forbidden();
        }
        await db.Datasets.Where(d => d.HarvestSourceId == source.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.HarvestSourceId, (Guid?)null).SetProperty(d => d.HarvestRemoteModifiedAt, (DateTimeOffset?)null), cancellationToken);
        db.HarvestSources.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<HarvestSource>.Ok(source);
    }

    /// The cron expression a schedule stands for: a named one, the expression itself, or "" for none.
    public static string? CronOf(string? schedule)
    {
        var text = schedule?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "";
        }
        if (NamedSchedules.TryGetValue(text, out var cron))
        {
            return cron;
        }
        // A schedule that parses but never fires (a 31st of February) is no schedule either.
        return CronExpression.TryParse(text, out var expression) && expression!.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is not null ? text : null;
    }

    private void Apply(HarvestSourceInput input, HarvestSource source)
    {
        source.Name = input.Name!.Trim().ToLowerInvariant();
        source.Title = input.Title!.Trim();
        source.Kind = Kinds[input.Kind!.Trim()];
        source.Url = input.Url!.Trim();
        source.AgencyId = agencies.Tree.FindByCode(input.Agency!.Trim())!.Id;
        source.Schedule = CronOf(input.Schedule)!;
        source.Enabled = input.Enabled ?? true;
    }

    private async Task<ValidationErrors> ValidateAsync(HarvestSourceInput input, Guid? self, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = input.Name?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name) || !DatasetNames.IsValid(name))
        {
            errors.Add("name", "名稱須為 2 到 100 個小寫英文字母、數字、- 或 _。", "The name has 2 to 100 lower-case letters, digits, - or _.");
        }
        else if (await db.HarvestSources.AnyAsync(s => s.Name == name && s.Id != self, cancellationToken))
        {
            errors.Add("name", $"已有名為「{name}」的收割來源。", $"There is already a harvest source named '{name}'.");
        }
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "請填寫來源名稱。", "Title is required.");
        }
        else if (input.Title.Trim().Length > 300)
        {
            errors.Add("title", "來源名稱最多 300 字。", "Title has at most 300 characters.");
        }
        if (string.IsNullOrWhiteSpace(input.Kind) || !Kinds.ContainsKey(input.Kind.Trim()))
        {
            errors.Add("kind", "來源類型須為 ckan、dcat 或 national。", "kind is ckan, dcat or national.");
        }
        if (!ResourceLinks.IsHttpUrl(input.Url) || input.Url!.Trim().Length > 2000)
        {
            errors.Add("url", $"「{input.Url}」不是有效的 http(s) 網址。", $"'{input.Url}' is not a valid http(s) URL.");
        }
        if (string.IsNullOrWhiteSpace(input.Agency) || agencies.Tree.FindByCode(input.Agency.Trim()) is null)
        {
            errors.Add("agency", $"找不到機關代碼「{input.Agency}」。", $"There is no agency with code '{input.Agency}'.");
        }
        if (CronOf(input.Schedule) is null)
        {
            errors.Add("schedule", $"「{input.Schedule}」不是排程；請用 hourly、daily、weekly 或 Quartz cron 運算式（例如 0 30 2 * * ?）。",
                $"'{input.Schedule}' is not a schedule; use hourly, daily, weekly or a Quartz cron expression (e.g. 0 30 2 * * ?).");
        }
        return errors;
    }
}
