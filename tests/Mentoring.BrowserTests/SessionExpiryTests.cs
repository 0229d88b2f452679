using System.Text.RegularExpressions;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>
/// A session that ends mid-work and cannot be renewed asks to sign in again, brings the user back
/// to the page they were on, and loses nothing they typed.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class SessionExpiryTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_ended_session_asks_to_sign_in_again_and_comes_back_to_what_was_typed()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, "session-expiry");
        var page = browser.Page;
        await browser.OpenAsync("People");
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Register a person" });
        await form.GetByLabel("Name").FillAsync("Katherine Johnson");
        await form.GetByLabel("E-mail").FillAsync("katherine.johnson@example.org");

        // The session ends: its access token expired and there is no refresh token to renew it with
        // (as when the refresh token itself expired or was revoked).
        await page.EvaluateAsync("""
            () => {
              const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))
              const user = JSON.parse(sessionStorage.getItem(key))
              user.expires_at = Math.floor(Date.now() / 1000) - 60
              delete user.refresh_token
              sessionStorage.setItem(key, JSON.stringify(user))
            }
            """);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended");
        await Screenshots.SaveAsync(page, "session-ended");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The token server may still know the browser (its own cookie) and skip its login page.
        await page.WaitForURLAsync(new Regex("/account/|/admin/people$"));
        if (page.Url.Contains("/account/"))
        {
            await page.GetByLabel("E-mail").FillAsync(FrontDoorPlatform.AdminEmail);
            await page.GetByLabel("Password").FillAsync(FrontDoorPlatform.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        await page.WaitForURLAsync(new Regex("/admin/people$"));
        await Assertions.Expect(form.GetByLabel("Name")).ToHaveValueAsync("Katherine Johnson");
        await Assertions.Expect(form.GetByLabel("E-mail")).ToHaveValueAsync("katherine.johnson@example.org");
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }
}
