using Xunit;
using Xunit.Abstractions;

namespace Mnemo.Tests.Report;

[Collection(nameof(SmallStudy))]
public class BrowserTests(SmallStudy study, ITestOutputHelper output)
{
    // Kept with the test's output, not with the temporary study.
    static string ScreenshotPath(string name) => Path.Combine(AppContext.BaseDirectory, "browser-check", name);

    [ChromiumFact]
    public async Task The_report_renders_whole_in_chromium_every_figure_loaded_and_no_error()
    {
        var check = await PageCheck.Load(study.ReportHtml, ScreenshotPath("report.png"));
        output.WriteLine($"screenshot of report.html: {check.Screenshot} ({check.Images} images, {check.Colours} colours, {check.TextLength} characters of text)");

        Assert.Empty(check.Problems);
        // Figures 1-4, the representation section's 6-7 and the per-example figures: every one the report wrote is on the page.
        Assert.True(Directory.GetFiles(study.Folder.ReportDir, "fig*.png").Length >= 6, "figures 1-4, 6 and 7 in the report folder");
        var figures = Directory.GetFiles(study.Folder.ReportDir, "*.png").Length;
        Assert.Equal(figures, check.Images);
        Assert.True(check.TextLength > 1000, $"{check.TextLength} characters of text");
    }

    [ChromiumFact]
    public async Task A_broken_page_fails_the_check_naming_each_fault()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(study.Folder.ReportDir, "fig1.png"), dir.Combine("fig1.png"));
        File.WriteAllText(dir.Combine("index.html"),
            "<!doctype html><html><body><h1>Two figures</h1><img src=\"fig1.png\"><img src=\"missing.png\">" +
            "<script>console.error('deliberate'); undefinedFunction();</script></body></html>");

        var check = await PageCheck.Load(dir.Combine("index.html"), dir.Combine("shot.png"));

        Assert.Equal(2, check.Images);
        Assert.Equal(["missing.png"], check.BrokenImages);
        Assert.Contains(check.Problems, p => p == "image did not load: missing.png");
        Assert.Contains(check.Problems, p => p.StartsWith("console error: deliberate", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.StartsWith("script error: ", StringComparison.Ordinal) && p.Contains("undefinedFunction"));
        Assert.Contains(check.Problems, p => p.StartsWith("request failed: ", StringComparison.Ordinal) && p.Contains("missing.png"));
    }

    [ChromiumFact]
    public async Task A_blank_page_fails_the_check()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("index.html"), "<!doctype html><html><body style=\"background:#fff\"></body></html>");

        var check = await PageCheck.Load(dir.Combine("index.html"), dir.Combine("shot.png"));

        Assert.Equal(["page looks blank: 1 distinct colours in the screenshot (fewer than 64)"], check.Problems);
    }
}
