using Mnemo.Analysis;
using Mnemo.Analysis.Findings;

namespace Mnemo.Report;

/// <summary>What <see cref="StudyReport.Write"/> found and wrote.</summary>
/// <param name="Files">Every file written under <paramref name="ReportDir"/>.</param>
/// <param name="MissingRuns">One line per run with no records or fewer epochs than planned, e.g. "simclr/seed-3: 12 of 20 epochs".</param>
public sealed record ReportResult(
    string ReportDir, IReadOnlyList<string> Files, bool Complete, IReadOnlyList<string> MissingRuns,
    IReadOnlyList<Finding> Findings, StudyAnalysis Analysis)
{
    /// <summary>One line per run left out because a file of it is damaged or missing, naming the file and why.</summary>
    public IReadOnlyList<string> DamagedRuns => Analysis.Records.Damaged.Select(r => r.Describe()).ToList();

    public string SummaryPath => Path.Combine(ReportDir, "summary.json");
    public string MarkdownPath => Path.Combine(ReportDir, "report.md");
    public string HtmlPath => Path.Combine(ReportDir, "report.html");
}
