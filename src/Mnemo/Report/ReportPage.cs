using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Figures;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>report.md and report.html: the same page for a researcher, in two formats.</summary>
static class ReportPage
{
    public static string[] Write(StudyAnalysis analysis, IReadOnlyList<string> figureFiles, StudyDifficulty difficulty,
                                 DifficultyFigureSet difficultyFigures, string dir, RepresentationResult? representations)
    {
        var blocks = ReportContent.Build(analysis, figureFiles, difficulty, difficultyFigures, representations);
        string md = Path.Combine(dir, "report.md"), html = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(md, MarkdownWriter.Render(blocks));
        AtomicFile.WriteAllText(html, HtmlWriter.Render(ReportContent.Title(analysis), blocks));
        return [md, html];
    }
}
