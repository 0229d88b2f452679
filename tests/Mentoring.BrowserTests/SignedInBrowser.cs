using System.Text.RegularExpressions;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>
/// A fresh browser context (no cookies, no session) signed in to the admin SPA through the token
/// server's real login page, with every console error of the page collected.
/// </summary>
public sealed class SignedInBrowser : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SignedInBrowser(IBrowserContext context, IPage page) { Context = context; Page = page; }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>The development administrator, on the Programmes page.</summary>
    public static Task<SignedInBrowser> AdministratorAsync(Chromium chromium, AdminSpaPlatform platform, string test) =>
        SignInAsync(chromium, platform, FrontDoorPlatform.AdminEmail, FrontDoorPlatform.AdminPassword, test, "/admin/programmes", "Programmes");

    /// <summary>
    /// A person, on "My relationships". The token server links the account to the person profile
    /// registered with its address, which it learns by event: until then it lands on the
    /// not-linked page, so this probes by signing in afresh until it is linked.
    /// </summary>
    public static async Task<SignedInBrowser> PersonAsync(Chromium chromium, AdminSpaPlatform platform, string email, string password, string test)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var browser = await SignInAsync(chromium, platform, email, password, test, "/admin/mine/", "My (relationships|mentoring)");
            if (await browser.Page.GetByRole(AriaRole.Heading, new() { Name = "My relationships", Exact = true }).CountAsync() == 1) return browser;
            await browser.DisposeAsync();
            Assert.True(DateTime.UtcNow < deadline, $"{email} is still not linked to a person after {Patience}");
            await Task.Delay(200);
        }
    }

    public static async Task<SignedInBrowser> SignInAsync(Chromium chromium, AdminSpaPlatform platform, string email, string password, string test,
        string landing, string heading)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = platform.GatewayOrigin.ToString() });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var signedIn = new SignedInBrowser(context, await context.NewPageAsync());
        var page = signedIn.Page;
        // The login page (the token server's) has no icon: the browser asks for /favicon.ico by itself.
        // A 4xx answer is a refusal the page shows (what the tests assert); anything else is an error.
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Location.Contains("/favicon.ico") && !m.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
                signedIn.ConsoleErrors.Add($"{m.Text} ({m.Location})");
        };

        await page.GotoAsync(platform.AdminUrl.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/"));
        Assert.True(platform.OnGateway(new Uri(page.Url)), $"the login page is outside the gateway: {page.Url}");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(new Regex(Regex.Escape(landing)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex($"^{heading}$") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, test + "-signed-in");
        Assert.True(signedIn.ConsoleErrors.Count == 0, string.Join("\n", signedIn.ConsoleErrors));
        return signedIn;
    }

    /// <summary>Follows a link of the main navigation.</summary>
    public Task OpenAsync(string navigationLink) =>
        Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = navigationLink, Exact = true }).ClickAsync();

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
