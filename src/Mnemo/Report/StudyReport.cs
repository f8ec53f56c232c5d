using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Data;
using Mnemo.Figures;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>The paper's analysis of a study folder, from its saved records only, written to DIR/report/.</summary>
public static class StudyReport
{
    /// <summary>
    /// Reads the records of <paramref name="studyDir"/>, analyses what is there and writes summary.json, examples.csv,
    /// pairs.csv, report.md, report.html, fig1..fig4 and the per-example figures (.png, .svg) to its report/ folder.
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
        // The per-example measures read every run again: beside the paper's analysis, on the other cores.
        if (progress is not null) progress = new StudyDifficulty.LockedProgress(progress);
        var measuring = Task.Run(() => StudyDifficulty.Measure(records, progress));
        var analysis = StudyAnalysis.Run(records, progress, thresholds);
        var difficulty = StudyDifficulty.Run(analysis, measuring.GetAwaiter().GetResult(), progress);
        string dir = reportDir ?? records.Folder.ReportDir;
        // Of a report killed mid-write: its temporary files (a live writer's are left alone).
        AtomicFile.RemoveLeftovers(dir, anyOwner: false);
        var (images, noImages) = EvalImages(records);
        // Two sets of figures, each drawing its own canvases: one beside the other.
        var drawing = Task.Run(() => DifficultyFigures.Write(analysis, difficulty, images, noImages, dir, progress));
        var figures = StudyFigures.Write(analysis, dir, progress);
        var difficultyFigures = drawing.GetAwaiter().GetResult();
        var files = new List<string>(figures);
        files.AddRange(difficultyFigures.Files);
        files.AddRange(WriteFiles(analysis, figures, difficulty, difficultyFigures, dir, progress, representations));
        return new ReportResult(dir, files, records.Runs.All(r => r.Complete), records.Incomplete.Select(r => r.Describe()).ToList(), analysis.Findings, analysis);
    }

    /// <summary>The tables and pages (no figures): summary.json, examples.csv, pairs.csv, report.md, report.html.</summary>
    public static IReadOnlyList<string> WriteFiles(StudyAnalysis analysis, IReadOnlyList<string> figureFiles, StudyDifficulty difficulty,
                                                   DifficultyFigureSet difficultyFigures, string dir,
                                                   IProgress<string>? progress = null, RepresentationResult? representations = null)
    {
        StorageException.Guard(dir, () => Directory.CreateDirectory(dir));
        progress?.Report("writing summary.json, examples.csv, pairs.csv, report.md, report.html");
        return
        [
            SummaryJson.Write(analysis, Path.Combine(dir, "summary.json"), difficulty, representations),
            ExamplesCsv.Write(analysis, difficulty, Path.Combine(dir, "examples.csv")),
            PairsCsv.Write(analysis, difficulty, Path.Combine(dir, "pairs.csv")),
            .. ReportPage.Write(analysis, figureFiles, difficulty, difficultyFigures, dir, representations),
        ];
    }

    /// <summary>The K evaluation images in record order, for the galleries; null and the reason when the study's data
    /// cannot be read here (moved, or another machine's).</summary>
    public static (ImageSet? Images, string? Why) EvalImages(StudyRecords records)
    {
        try { return (StudyImages.Load(records.Folder, records.Manifest).Train.Subset(records.Manifest.EvalPositions()), null); }
        catch (MnemoException e) { return (null, e.Message); }
    }
}
