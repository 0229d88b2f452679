using System.Text.Json;
using Microsoft.Playwright;
using Mentoring.Testing;

namespace Mentoring.BrowserTests;

/// <summary>axe-core (installed with web/admin's dev dependencies) run in the page: serious and critical violations.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> Axe = new(() =>
        File.ReadAllText(Path.Combine(Repository.Root(), "web", "admin", "node_modules", "axe-core", "axe.min.js")));

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.EvaluateAsync(Axe.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document)).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))
            """);
        return JsonSerializer.Deserialize<string[]>(json)!;
    }
}
