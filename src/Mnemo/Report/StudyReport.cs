using Mnemo.Analysis;
using Mnemo.Figures;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>The paper's analysis of a study folder, from its saved records only, written to DIR/report/.</summary>
public static class StudyReport
{
    /// <summary>
    /// Reads the records of <paramref name="studyDir"/>, analyses what is there and writes
    /// summary.json, examples.csv, report.md, report.html and fig1..fig4 (.png, .svg) to its report/ folder.
    /// Damaged runs are left out and named. Throws <see cref="MnemoException"/> when the folder is no study or has no intact recorded run.
    /// </summary>
    /// <param name="representations">Figures 6 and 7 and the linear probe, already written to the report folder
    /// (<see cref="RepresentationReport.Write"/>): the page and summary.json include them.</param>
    /// <param name="thresholds">Align the paradigms at these mean-p levels instead of the study's own.</param>
    /// <param name="reportDir">Where to write; default the study's report/ folder.</param>
    public static ReportResult Write(string studyDir, IProgress<string>? progress = null, RepresentationResult? representations = null,
                                     IReadOnlyList<double>? thresholds = null, string? reportDir = null)
    {
        var records = StudyRecords.Load(studyDir, progress);
        var analysis = StudyAnalysis.Run(records, progress, thresholds);
        string dir = reportDir ?? records.Folder.ReportDir;
        // Of a report killed mid-write: its temporary files (a live writer's are left alone).
        AtomicFile.RemoveLeftovers(dir, anyOwner: false);
        var figures = StudyFigures.Write(analysis, dir, progress);
        var files = new List<string>(figures);
        files.AddRange(WriteFiles(analysis, figures, dir, progress, representations));
        return new ReportResult(dir, files, records.Runs.All(r => r.Complete), records.Incomplete.Select(r => r.Describe()).ToList(), analysis.Findings, analysis);
    }

    /// <summary>The tables and pages (no figures): summary.json, examples.csv, report.md, report.html.</summary>
    public static IReadOnlyList<string> WriteFiles(StudyAnalysis analysis, IReadOnlyList<string> figureFiles, string dir,
                                                   IProgress<string>? progress = null, RepresentationResult? representations = null)
    {
        StorageException.Guard(dir, () => Directory.CreateDirectory(dir));
        progress?.Report("writing summary.json, examples.csv, report.md, report.html");
        return
        [
            SummaryJson.Write(analysis, Path.Combine(dir, "summary.json"), representations),
            ExamplesCsv.Write(analysis, Path.Combine(dir, "examples.csv")),
            .. ReportPage.Write(analysis, figureFiles, dir, representations),
        ];
    }
}
