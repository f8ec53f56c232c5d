using System.Diagnostics;
using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Figures;
using Mnemo.Paradigms;
using Mnemo.Report;

namespace Mnemo.Benchmarks;

/// <summary>Seconds spent by each stage of a report on a simulated study; generating the records is not part of the report.</summary>
/// <param name="AnalyseSeconds">The paper's analysis, while the per-example measures are computed beside it.</param>
/// <param name="DifficultySeconds">The per-example analyses after the paper's: the rest of their measures (each run's bits, margins
/// and confidences read again, one run of a paradigm at a time), and the pair analysis.</param>
/// <param name="FiguresSeconds">Figures 1-4 and the per-example figures (no galleries: the simulated study has no images).</param>
public sealed record BenchmarkTimings(
    int Paradigms, int Runs, int Epochs, int M, int K, double GenerateSeconds, double LoadSeconds, double AnalyseSeconds,
    double DifficultySeconds, double FiguresSeconds, double FilesSeconds)
{
    public double ReportSeconds => LoadSeconds + AnalyseSeconds + DifficultySeconds + FiguresSeconds + FilesSeconds;

    public override string ToString() =>
        $"report of {Paradigms} paradigms x {Runs} runs x {Epochs} epochs x M = {M} x K = {K}: " +
        $"load {LoadSeconds:0.00} s, analyse {AnalyseSeconds:0.00} s, per-example analyses {DifficultySeconds:0.00} s, figures {FiguresSeconds:0.00} s, " +
        $"tables and pages {FilesSeconds:0.00} s, total {ReportSeconds:0.00} s (generating the records took {GenerateSeconds:0.00} s)";
}

/// <summary>Times the report on a simulated study of a given size (the paper's: 4 x 30 x 500 x 10 x 1024), for `mnemo bench --report`.</summary>
public static class AnalysisBenchmark
{
    public static BenchmarkTimings Run(int paradigms = 4, int runs = 30, int epochs = 500, int m = 10, int k = 1024, TextWriter? log = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mnemo-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var clock = Stopwatch.StartNew();
            SimulatedStudy.Create(dir, SimulatedStudy.Config(paradigms, runs, epochs, m, k), LearningCurves(epochs, m, k));
            double generate = Lap(clock);
            log?.WriteLine($"generated {paradigms * runs} runs in {generate:0.00} s");

            var records = StudyRecords.Load(dir);
            double load = Lap(clock);
            // As the report does it: the per-example measures beside the paper's analysis.
            var measuring = Task.Run(() => StudyDifficulty.Measure(records));
            var analysis = StudyAnalysis.Run(records);
            double analyse = Lap(clock);
            var difficulty = StudyDifficulty.Run(analysis, measuring.GetAwaiter().GetResult());
            double perExample = Lap(clock);
            string reportDir = records.Folder.ReportDir;
            var (images, noImages) = StudyReport.EvalImages(records);
            var drawing = Task.Run(() => DifficultyFigures.Write(analysis, difficulty, images, noImages, reportDir));
            var figures = StudyFigures.Write(analysis, reportDir);
            var difficultyFigures = drawing.GetAwaiter().GetResult();
            double draw = Lap(clock);
            StudyReport.WriteFiles(analysis, figures, difficulty, difficultyFigures, reportDir);
            double files = Lap(clock);

            var timings = new BenchmarkTimings(paradigms, runs, epochs, m, k, generate, load, analyse, perExample, draw, files);
            log?.WriteLine(timings);
            return timings;
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// p = sigmoid(8 t / T - 4 + c z_k + s w_mk) with z, w standard normal: c sets how much images differ,
    /// s how much their augmentations do; the paradigms get the contrasts the paper reports, roughly.
    /// </summary>
    public static SimulatedStudy.Recognition LearningCurves(int epochs, int m, int k, int seed = 1)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double[] image = Enumerable.Range(0, k).Select(_ => Normal()).ToArray();
        double[] view = Enumerable.Range(0, m * k).Select(_ => Normal()).ToArray();
        var contrasts = Paradigm.All.ToDictionary(p => p.Name, Contrasts);
        return (paradigm, epoch, a, x) =>
        {
            var (c, s) = contrasts[paradigm];
            double z = 8.0 * epoch / Math.Max(1, epochs) - 4 + c * image[x] + s * view[a * k + x];
            return 1 / (1 + Math.Exp(-z));
        };
    }

    // (c, s) as the paper found them, roughly: images differ most for supervised learning, augmentations for
    // SimCLR, neither for random labels; any other paradigm differs moderately in both.
    static (double Images, double Views) Contrasts(Paradigm p) =>
        p == Classification.Supervised ? (2.5, 0.3)
        : p == SimClr.Instance ? (0.3, 2.0)
        : p == Classification.RandomLabels ? (0.2, 0.0)
        : (0.6, 0.4);

    static double Lap(Stopwatch clock)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
