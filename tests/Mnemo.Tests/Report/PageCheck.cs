using Microsoft.Playwright;
using SkiaSharp;
using Xunit;

namespace Mnemo.Tests.Report;

/// <summary>A test that needs Debian's Chromium: skipped, saying why, where /usr/bin/chromium is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"{Chromium} is missing: install Debian's chromium (.ci/run does) to check report.html in a browser";
    }
}

/// <summary>What headless Chromium made of a page: its images, what went wrong while loading it, its text, and a
/// full-page screenshot.</summary>
public sealed record PageCheck(int Images, IReadOnlyList<string> BrokenImages, IReadOnlyList<string> Errors, int TextLength,
                               int Colours, string Screenshot)
{
    /// <summary>A page with figures and text has many; a blank (or all-one-colour) page has one or two.</summary>
    public const int MinColours = 64;

    /// <summary>Everything that keeps the page from being whole; empty when it is.</summary>
    public IReadOnlyList<string> Problems =>
    [
        .. BrokenImages.Select(src => $"image did not load: {src}"),
        .. Errors,
        .. Colours < MinColours ? [$"page looks blank: {Colours} distinct colours in the screenshot (fewer than {MinColours})"] : Array.Empty<string>(),
    ];

    public static async Task<PageCheck> Load(string htmlPath, string screenshotPath)
    {
        using var playwright = await Playwright.CreateAsync();
        // Debian's browser, not one Playwright downloads; LaunchAsync gives it a fresh temporary profile.
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"console error: {m.Text}"); };
        page.PageError += (_, e) => errors.Add($"script error: {e}");
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url} ({r.Failure})");
        var response = await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        var broken = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))");
        int images = await page.EvaluateAsync<int>("() => document.images.length");
        string text = await page.InnerTextAsync("body");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
        await page.ScreenshotAsync(new() { Path = screenshotPath, FullPage = true });
        using var bitmap = SKBitmap.Decode(screenshotPath);
        return new PageCheck(images, broken, errors, text.Trim().Length, bitmap.Pixels.Distinct().Count(), screenshotPath);
    }
}
