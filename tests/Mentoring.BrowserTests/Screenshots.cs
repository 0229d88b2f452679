using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>Screenshots as test artefacts, in <c>screenshots/</c> of the test output folder.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
}
