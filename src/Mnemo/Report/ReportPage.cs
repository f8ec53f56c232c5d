using Mnemo.Analysis;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>report.md and report.html: the same page for a researcher, in two formats.</summary>
static class ReportPage
{
    public static string[] Write(StudyAnalysis analysis, IReadOnlyList<string> figureFiles, string dir, RepresentationResult? representations)
    {
        var blocks = ReportContent.Build(analysis, figureFiles, representations);
        string md = Path.Combine(dir, "report.md"), html = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(md, MarkdownWriter.Render(blocks));
        AtomicFile.WriteAllText(html, HtmlWriter.Render(ReportContent.Title(analysis), blocks));
        return [md, html];
    }
}
