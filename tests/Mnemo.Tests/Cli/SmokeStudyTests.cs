using System.Text.Json;
using Mnemo.Analysis.Difficulty;
using Mnemo.Recording;
using Mnemo.Report;
using Mnemo.Study;
using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>One smoke study trained by `mnemo run` for all the tests of <see cref="SmokeStudyTests"/>: training it is the slow part.</summary>
public sealed class SmokeStudy : IDisposable
{
    readonly TempDir dir = new();
    public string Dir => dir.Combine("smoke");
    public StudyFolder Folder => new(Dir);
    public (int Exit, string Output) Run { get; }

    public SmokeStudy() => Run = CliRunner.Run("run", "--preset", "smoke", "--out", Dir, "--threads", "2");

    public void Dispose() => dir.Dispose();
}

public class SmokeStudyTests(SmokeStudy smoke) : IClassFixture<SmokeStudy>
{
    static readonly string[] Paradigms = ["supervised", "simclr", "random-labels", "random-labels-aug"];
    const int M = 2, K = 64, Classes = 10, SimclrEvalBatch = 32;

    [Fact]
    public void A_smoke_study_runs_every_paradigm_and_seed_end_to_end_and_a_second_run_skips_them()
    {
        Assert.True(smoke.Run.Exit == 0, smoke.Run.Output);
        var folder = smoke.Folder;
        var manifest = folder.ReadManifest();
        Assert.Equal(64, manifest.EvalIndices.Distinct().Count());
        foreach (var paradigm in Paradigms)
        {
            Assert.True(File.Exists(folder.AugmentationsPath(paradigm)));
            for (int seed = 0; seed < 2; seed++)
            {
                var run = folder.Run(paradigm, seed);
                Assert.True(run.IsDone, run.Name);
                var bits = Npy.Read<byte>(run.RecognitionPath);
                Assert.Equal([3, 2, 64], bits.Shape);                 // epochs 0..2, M = 2, K = 64
                Assert.All(bits.Data, b => Assert.True(b <= 1));
                Assert.Equal([3, 2, 64], Npy.Read<Half>(run.MarginsPath).Shape);
                Assert.Equal([3, 2, 64], Npy.Read<Half>(run.ConfidencePath).Shape);
                Assert.Equal(paradigm == "simclr", File.Exists(run.RecognitionReversePath));
                Assert.Equal(paradigm == "simclr", File.Exists(run.ConfidenceReversePath));
                Assert.Equal(4, File.ReadAllLines(run.LogPath).Length);
                Assert.True(File.Exists(run.ModelPath));
            }
        }
        // Seeds differ: the two supervised networks do not recognise exactly the same views.
        Assert.NotEqual(Npy.Read<Half>(folder.Run("supervised", 0).MarginsPath).Data,
                        Npy.Read<Half>(folder.Run("supervised", 1).MarginsPath).Data);

        var again = CliRunner.Run("run", "--out", smoke.Dir, "--threads", "2");
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("0 runs to do", again.Output);
    }

    /// <summary>
    /// What is asserted of every confidence c (float16) with its bit b and margin d (float16), c candidates
    /// (10 classes; SimCLR: 2B - 1 = 63 other views of its evaluation batch): 0 &lt;= c &lt;= 1; c &gt;= 1/C when b = 1 and
    /// c &lt;= 1/2 when b = 0 (the right answer has the top probability exactly when it has the top logit); and, as a
    /// softmax whose right logit leads the best other by d, 1 / (1 + (C - 1) e^-d) &lt;= c &lt;= 1 / (1 + e^-d). Each bound is
    /// loosened by float16 rounding: c by 2^-10 relative plus 1e-4, d by 2^-10 relative plus 2^-14.
    /// </summary>
    [Fact]
    public void Confidences_are_probabilities_consistent_with_the_bits_and_margins()
    {
        Assert.True(smoke.Run.Exit == 0, smoke.Run.Output);
        int checkedValues = 0;
        foreach (var paradigm in Paradigms)
            for (int seed = 0; seed < 2; seed++)
            {
                var run = smoke.Folder.Run(paradigm, seed);
                var files = paradigm == "simclr"
                    ? new[] { (run.RecognitionPath, run.MarginsPath, run.ConfidencePath), (run.RecognitionReversePath, run.MarginsReversePath, run.ConfidenceReversePath) }
                    : [(run.RecognitionPath, run.MarginsPath, run.ConfidencePath)];
                foreach (var (bitsPath, marginsPath, confidencePath) in files)
                {
                    var bits = Npy.Read<byte>(bitsPath).Data;
                    var margins = Npy.Read<Half>(marginsPath).Data;
                    var confidences = Npy.Read<Half>(confidencePath).Data;
                    Assert.Equal(bits.Length, confidences.Length);
                    for (int i = 0; i < bits.Length; i++)
                    {
                        int candidates = paradigm == "simclr" ? 2 * SimclrEvalBatch - 1 : Classes;
                        double c = (double)confidences[i], d = (double)margins[i];
                        double cTol = Math.Abs(c) / 1024 + 1e-4, dTol = Math.Abs(d) / 1024 + 1.0 / (1 << 14);
                        string where = $"{confidencePath}[{i}]: bit {bits[i]}, margin {d}, confidence {c}";
                        Assert.True(c >= 0 && c <= 1, where);
                        Assert.True(bits[i] == 1 ? c >= 1.0 / candidates - cTol : c <= 0.5 + cTol, where);
                        Assert.True(c >= 1 / (1 + (candidates - 1) * Math.Exp(-(d - dTol))) - cTol, where);
                        Assert.True(c <= 1 / (1 + Math.Exp(-(d + dTol))) + cTol, where);
                        checkedValues++;
                    }
                }
            }
        Assert.Equal(5 * 2 * 3 * M * K, checkedValues);
    }

    [Fact]
    public void Its_report_has_the_per_example_files_sections_and_figures_with_confidence()
    {
        Assert.True(smoke.Run.Exit == 0, smoke.Run.Output);
        string report = smoke.Folder.ReportDir;
        string[] figures =
        [
            "correlations", "datamap", "covariates-supervised", "covariates-simclr", "covariates-random-labels-aug",
            "gallery-supervised", "gallery-simclr", "gallery-random-labels", "gallery-random-labels-aug", "pairs-simclr", "disagreement",
        ];
        foreach (string figure in figures)
        {
            Assert.True(File.Exists(Path.Combine(report, figure + ".png")), figure);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(report, figure + ".svg")));
        }
        // Random labels train without augmentation: none of its view parameters varies, so it has no covariate figure.
        Assert.False(File.Exists(Path.Combine(report, "covariates-random-labels.png")));

        string md = File.ReadAllText(Path.Combine(report, "report.md")), html = File.ReadAllText(Path.Combine(report, "report.html"));
        foreach (string section in new[] { "## Example difficulty (beyond the paper)", "### The measures at a glance", "### How reliable the difficulty is",
                                           "### Is an image that is easy for one paradigm easy for another?", "### What makes an image-augmentation pair hard" })
            Assert.Contains(section, md);
        foreach (string figure in figures)
        {
            Assert.Contains($"]({figure}.png)", md);
            Assert.Contains($"<img src=\"{figure}.png\"", html);
        }
        Assert.Contains("calibrated excess", md);
        Assert.DoesNotContain("confidence.npy", md);

        var examples = ReadCsv(Path.Combine(report, "examples.csv"));
        Assert.Equal(K, examples.Rows.Count);
        var header = examples.Header;
        Assert.Equal(["index", "class"], header[..2]);
        foreach (var paradigm in Paradigms)
            foreach (var measure in ExampleMeasures.Names)
                foreach (var stat in new[] { "mean", "sd" })
                    Assert.Contains($"{paradigm}_{measure}_{stat}", header);
        Assert.Equal(2 + Paradigms.Length * (3 + 1 + 2 * ExampleMeasures.Names.Count), header.Length);   // 3 thresholds
        int confidence = Array.IndexOf(header, "simclr_confidence_mean"), speed = Array.IndexOf(header, "supervised_learning_speed_mean");
        Assert.All(examples.Rows, row =>
        {
            Assert.InRange(double.Parse(row[confidence]), 0, 1);
            Assert.InRange(double.Parse(row[speed]), 0, 1);
        });
        var manifest = smoke.Folder.ReadManifest();
        Assert.Equal(manifest.EvalIndices.Select(i => i.ToString()), examples.Rows.Select(r => r[0]));

        var pairs = ReadCsv(Path.Combine(report, "pairs.csv"));
        Assert.Equal(["paradigm", "index", "class", "augmentation", .. PairsCsv.ParameterNames.Select(n => "v1_" + n),
                      .. PairsCsv.ParameterNames.Select(n => "v2_" + n), "learning_speed", "p_at_0.25", "p_at_0.5", "p_at_0.75"], pairs.Header);
        Assert.Equal(Paradigms.Length * M * K, pairs.Rows.Count);
        int v1Top = Array.IndexOf(pairs.Header, "v1_top"), v2Top = Array.IndexOf(pairs.Header, "v2_top");
        Assert.All(pairs.Rows, row =>
        {
            Assert.NotEqual("", row[v1Top]);
            Assert.Equal(row[0] == "simclr", row[v2Top] != "");
        });

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json")));
        var difficulty = json.RootElement.GetProperty("difficulty");
        Assert.Equal(0, difficulty.GetProperty("missing").GetArrayLength());
        foreach (var paradigm in Paradigms)
        {
            var p = difficulty.GetProperty("paradigms").GetProperty(paradigm);
            Assert.Equal(JsonValueKind.Object, p.GetProperty("measures").GetProperty("confidence").ValueKind);
            Assert.Equal(2, p.GetProperty("split_half").GetProperty("networks").GetInt32());
        }
        var regression = difficulty.GetProperty("paradigms").GetProperty("simclr").GetProperty("pairs").GetProperty("regression");
        Assert.Contains("crop_iou", regression.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(4, difficulty.GetProperty("spearman").GetProperty("rho").GetArrayLength());
    }

    [Fact]
    public void A_study_recorded_before_confidence_existed_still_reports_and_names_what_is_missing()
    {
        Assert.True(smoke.Run.Exit == 0, smoke.Run.Output);
        using var scratch = new TempDir();
        string old = scratch.Combine("old");
        // As a study of round 1 left it: no confidences, and none of the files that came after them either.
        TempDir.CopyFolder(smoke.Dir, old, skip: name => name is "report" or "checksums.sha256" or "model.safetensors" || name.StartsWith("confidence", StringComparison.Ordinal));

        var (exit, output) = CliRunner.Run("report", "--study", old, "--no-representations");
        Assert.True(exit == 0, output);
        string report = Path.Combine(old, "report");
        string md = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("confidence.npy: no run of the study has it", md);
        Assert.Contains("no data maps", md);
        Assert.Contains("| not recorded | not recorded |", md);
        Assert.False(File.Exists(Path.Combine(report, "datamap.png")));
        // Everything else is there.
        foreach (string figure in new[] { "fig1", "fig4", "correlations", "covariates-simclr", "gallery-supervised", "pairs-simclr", "disagreement" })
            Assert.True(File.Exists(Path.Combine(report, figure + ".png")), figure);

        var examples = ReadCsv(Path.Combine(report, "examples.csv"));
        int confidence = Array.IndexOf(examples.Header, "supervised_confidence_mean"), aum = Array.IndexOf(examples.Header, "supervised_aum_mean");
        Assert.All(examples.Rows, row => Assert.Equal("", row[confidence]));
        Assert.All(examples.Rows, row => Assert.NotEqual("", row[aum]));
        Assert.Equal(Paradigms.Length * M * K, ReadCsv(Path.Combine(report, "pairs.csv")).Rows.Count);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json")));
        var difficulty = json.RootElement.GetProperty("difficulty");
        Assert.Contains(difficulty.GetProperty("missing").EnumerateArray(), m => m.GetString()!.StartsWith("confidence.npy: no run"));
        Assert.Equal(JsonValueKind.Null, difficulty.GetProperty("paradigms").GetProperty("simclr").GetProperty("measures").GetProperty("confidence").ValueKind);
    }

    static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        // Class names of the synthetic data ("class 3") hold no comma or quote.
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }
}
