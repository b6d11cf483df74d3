using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Interop.NationalSync;

/// What a ministry administrator sends to configure an agency's publishing. An empty ApiKey keeps the saved one.
public sealed record NationalSyncConfigInput
{
    public string? BaseUrl { get; init; }
    public string? ApiKey { get; init; }
    public bool? ClearApiKey { get; init; }
    public bool? Enabled { get; init; }
}

/// An agency's configuration as shown back: the key only by its last four characters.
public sealed record NationalSyncConfigView(
    int AgencyId, string Agency, string AgencyName, string BaseUrl, bool HasApiKey, string? ApiKeyHint, bool Enabled,
    string Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// The configuration a run uses, with the key in clear: never shown, never logged.
public sealed record NationalSyncTarget(int AgencyId, string AgencyCode, string BaseUrl, string? ApiKey, bool Enabled)
{
    public bool Ready => Enabled && !string.IsNullOrEmpty(ApiKey);
}

/// Who may do what with publishing to the national platform.
public static class NationalSyncAccess
{
    /// The agency's own administrators and those above it (and system administrators) see its state and push it.
    public static bool CanView(StaffScope who, int agencyId)
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.Role is StaffRole.SystemAdmin or StaffRole.AgencyAdmin && who.Reaches(agencyId);
    }

    /// Endpoints and keys are the ministry's: its administrators (and system administrators) set them for every agency.
    public static bool CanConfigure(StaffScope who, AgencyTree tree)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(tree);
        return who.Role == StaffRole.SystemAdmin || (who.Role == StaffRole.AgencyAdmin && tree.Roots.Any(r => r.Id == who.AgencyId));
    }
}

/// Reads and saves the agencies' configuration. A saved configuration wins over the one in settings
/// (Kaifang:NationalSync:Agencies:{code}); the key is protected with Data Protection before it is stored.
public sealed class NationalSyncSettings(KaifangDbContext db, AgencyDirectory agencies, IDataProtectionProvider protection,
    IOptions<NationalSyncOptions> options, TimeProvider time)
{
    private const string Purpose = "Kaifang.NationalSync.ApiKey.v1";
    private const int HintLength = 4;

    /// Keys shorter than this are shown as "set" only, since their last four characters would give away too much.
    private const int HintMinimumKeyLength = 16;

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public async Task<List<NationalSyncTarget>> TargetsAsync(CancellationToken cancellationToken)
    {
        var saved = await db.NationalSyncAgencies.AsNoTracking().ToDictionaryAsync(a => a.AgencyId, cancellationToken);
        var targets = new List<NationalSyncTarget>();
        foreach (var node in agencies.Tree.All)
        {
            if (saved.TryGetValue(node.Id, out var config))
            {
                targets.Add(new NationalSyncTarget(node.Id, node.Code, config.BaseUrl, Unprotect(config.ProtectedApiKey), config.Enabled));
            }
            else if (options.Value.Agencies.TryGetValue(node.Code, out var setting))
            {
                targets.Add(new NationalSyncTarget(node.Id, node.Code, BaseUrlOf(setting.BaseUrl), setting.ApiKey, setting.Enabled));
            }
        }
        return targets;
    }

    /// The configuration of every agency the member of staff may see, in tree order.
    public async Task<List<NationalSyncConfigView>> ListAsync(StaffScope who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var saved = await db.NationalSyncAgencies.AsNoTracking().ToDictionaryAsync(a => a.AgencyId, cancellationToken);
        return [.. agencies.Tree.Flatten().Select(x => x.Node).Where(n => NationalSyncAccess.CanView(who, n.Id)).Select(n => View(n, saved.GetValueOrDefault(n.Id)))];
    }

    public async Task<CatalogResult<NationalSyncConfigView>> GetAsync(StaffScope who, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var node = agencies.Tree.FindByCode(code ?? "");
        if (node is null)
        {
            return CatalogResult<NationalSyncConfigView>.NotFound();
        }
        if (!NationalSyncAccess.CanView(who, node.Id))
        {
            return CatalogResult<NationalSyncConfigView>.Forbidden();
        }
        var saved = await db.NationalSyncAgencies.AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == node.Id, cancellationToken);
        return CatalogResult<NationalSyncConfigView>.Ok(View(node, saved));
    }

    public async Task<CatalogResult<NationalSyncConfigView>> UpdateAsync(StaffScope who, string code, NationalSyncConfigInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var node = agencies.Tree.FindByCode(code ?? "");
        if (node is null)
        {
            return CatalogResult<NationalSyncConfigView>.NotFound();
        }
        if (!NationalSyncAccess.CanConfigure(who, agencies.Tree))
        {
            return CatalogResult<NationalSyncConfigView>.Forbidden();
        }
        var config = await db.NationalSyncAgencies.FirstOrDefaultAsync(a => a.AgencyId == node.Id, cancellationToken);
        var setting = options.Value.Agencies.GetValueOrDefault(node.Code);
        var key = input.ApiKey?.Trim();
        var keeps = string.IsNullOrEmpty(key) && !(input.ClearApiKey ?? false);
        var hasKey = !string.IsNullOrEmpty(key) || (keeps && (config?.ProtectedApiKey is not null || (config is null && !string.IsNullOrEmpty(setting?.ApiKey))));
        var baseUrl = string.IsNullOrWhiteSpace(input.BaseUrl) ? options.Value.DefaultBaseUrl : input.BaseUrl.Trim();

        var errors = new ValidationErrors();
        if (!ResourceLinks.IsHttpUrl(baseUrl) || baseUrl.Length > 2000 || new Uri(baseUrl).Query.Length > 0)
        {
            errors.Add("baseUrl", $"「{baseUrl}」不是有效的 http(s) 網址；請填平臺的根網址，例如 https://data.gov.tw。",
                $"'{baseUrl}' is not a valid http(s) address; give the platform's root, e.g. https://data.gov.tw.");
        }
        if (key is not null && (key.Length > 500 || key.Any(char.IsControl)))
        {
            errors.Add("apiKey", "API 金鑰最多 500 字，且不可含控制字元。", "The API key has at most 500 characters and no control characters.");
        }
        if ((input.Enabled ?? config?.Enabled ?? false) && !hasKey)
        {
            errors.Add("apiKey", "啟用同步前請先填寫國家平臺核發的 API 金鑰。", "Enter the API key the national platform issued before turning publishing on.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<NationalSyncConfigView>.Invalid(errors);
        }

        if (config is null)
        {
            config = new NationalSyncAgency { AgencyId = node.Id, BaseUrl = baseUrl };
            // The first save from the back office takes over a key given in settings unless a new one is typed.
            if (keeps && !string.IsNullOrEmpty(setting?.ApiKey))
            {
                key = setting.ApiKey;
            }
            db.NationalSyncAgencies.Add(config);
        }
        config.BaseUrl = baseUrl.TrimEnd('/');
        if (input.ClearApiKey ?? false)
        {
            config.ProtectedApiKey = null;
            config.ApiKeyHint = null;
        }
        if (!string.IsNullOrEmpty(key))
        {
            config.ProtectedApiKey = Protector.Protect(key);
            config.ApiKeyHint = Hint(key);
        }
        config.Enabled = (input.Enabled ?? config.Enabled) && config.ProtectedApiKey is not null;
        config.UpdatedAt = time.GetUtcNow();
        config.UpdatedBy = who.UserName;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<NationalSyncConfigView>.Ok(View(node, config));
    }

    private NationalSyncConfigView View(AgencyNode node, NationalSyncAgency? saved)
    {
        if (saved is not null)
        {
            return new(node.Id, node.Code, node.Name, saved.BaseUrl, saved.ProtectedApiKey is not null, saved.ApiKeyHint, saved.Enabled, "saved", saved.UpdatedAt, saved.UpdatedBy);
        }
        if (options.Value.Agencies.TryGetValue(node.Code, out var setting))
        {
            var hasKey = !string.IsNullOrEmpty(setting.ApiKey);
            return new(node.Id, node.Code, node.Name, BaseUrlOf(setting.BaseUrl), hasKey, hasKey ? Hint(setting.ApiKey!) : null, setting.Enabled && hasKey, "settings", null, null);
        }
        return new(node.Id, node.Code, node.Name, options.Value.DefaultBaseUrl, false, null, false, "none", null, null);
    }

    private string BaseUrlOf(string? configured) => (string.IsNullOrWhiteSpace(configured) ? options.Value.DefaultBaseUrl : configured.Trim()).TrimEnd('/');

    private string? Unprotect(string? protectedKey)
    {
        if (protectedKey is null)
        {
            return null;
        }
        try
        {
            return Protector.Unprotect(protectedKey);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The data directory's keys were replaced: the key must be entered again; the run says so.
            return null;
        }
    }

    private static string? Hint(string key) => key.Length >= HintMinimumKeyLength ? key[^HintLength..] : null;
}
