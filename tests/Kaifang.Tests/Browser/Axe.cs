using System.Text.Json;
using Microsoft.Playwright;

namespace Kaifang.Tests.Browser;

/// Runs axe-core (from npm, see package.json) in the page and returns the serious and critical violations, with
/// anything the page's content security policy refused (recorded by BrowserFixture's pages).
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }
        throw new InvalidOperationException("axe-core is not installed; run scripts/install-test-deps (npm ci).");
    });

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated by the browser's debugging protocol, which the pages' content policy (no inline script) does not stop.
        await page.EvaluateAsync(Script.Value);
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }); return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })); }");
        var refused = await page.EvaluateAsync<string[]?>("() => window.__cspViolations ?? null") ?? [];
        return [.. json.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}")
            .Concat(refused.Select(r => $"content security policy: {r}"))];
    }
}
