using Mnemo.Benchmarks;
using System.Text.Json;
using Mnemo.Report;
using Xunit;

namespace Mnemo.Tests.Analysis;

public class ReportFilesTests
{
    const int Runs = 4, Epochs = 8, M = 3, K = 60;

    static TempStudy PaperLikeStudy() =>
        TempStudy.Simulate(SimulatedStudy.Config(4, Runs, Epochs, M, K), AnalysisBenchmark.LearningCurves(Epochs, M, K));

    [Fact]
    public void WritesEveryFileIntoTheReportFolder()
    {
        using var study = PaperLikeStudy();
        var result = StudyReport.Write(study.Dir);

        Assert.Equal(Path.Combine(study.Folder.Root, "report"), result.ReportDir);
        // No galleries: the simulated study has no images (the report says so). Random labels train without augmentation,
        // so none of its views' parameters varies and it has no covariate figure.
        string[] figures = ["fig1", "fig2", "fig3", "fig4", "correlations", "datamap", "covariates-supervised", "covariates-simclr", "covariates-random-labels-aug"];
        string[] expected = [.. figures.SelectMany(f => new[] { f + ".png", f + ".svg" }), "summary.json", "examples.csv", "pairs.csv", "report.md", "report.html"];
        Assert.Equal(expected.Order(), result.Files.Select(Path.GetFileName).Order());
        foreach (string file in result.Files) Assert.True(new FileInfo(file).Length > 0, file);
        foreach (string png in result.Files.Where(f => f.EndsWith(".png")))
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        foreach (string svg in result.Files.Where(f => f.EndsWith(".svg")))
            Assert.Contains("<svg", File.ReadAllText(svg));

        string md = File.ReadAllText(result.MarkdownPath), html = File.ReadAllText(result.HtmlPath);
        foreach (string figure in new[] { "fig1.png", "fig2.png", "fig3.png", "fig4.png" })
        {
            Assert.Contains($"]({figure})", md);
            Assert.Contains($"<img src=\"{figure}\"", html);
        }
        Assert.Contains("supervised-contrast", md);
        Assert.Contains("The study is complete", md);
        Assert.Contains("galleries: the study's images cannot be read", md);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""));
    }

    [Fact]
    public void The_CLI_reports_at_other_thresholds_into_another_folder_and_refuses_bad_ones()
    {
        using var study = PaperLikeStudy();
        string other = Path.Combine(study.Dir, "report-low");
        var (exit, output) = Tests.Cli.CliRunner.Run("report", "--study", study.Dir, "--no-representations", "--thresholds", "0.15,0.3", "--out", other);
        Assert.True(exit == 0, output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(other, "summary.json")));
        Assert.Equal([0.15, 0.3], json.RootElement.GetProperty("study").GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()));
        Assert.Contains("chosen for this report", File.ReadAllText(Path.Combine(other, "report.md")));
        Assert.False(Directory.Exists(study.Folder.ReportDir), "the study's own report folder was written");

        var bad = Tests.Cli.CliRunner.Run("report", "--study", study.Dir, "--thresholds", "0.2,1.5");
        Assert.NotEqual(0, bad.Exit);
        Assert.DoesNotContain("   at ", bad.Output);
        Assert.Contains("--thresholds must be numbers strictly between 0 and 1", bad.Output);
    }

    [Fact]
    public void SummaryJsonHasTheStatedShape()
    {
        using var study = PaperLikeStudy();
        var result = StudyReport.Write(study.Dir);
        using var json = JsonDocument.Parse(File.ReadAllText(result.SummaryPath));
        var root = json.RootElement;

        Assert.True(root.GetProperty("study").GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("missing_runs").ValueKind);
        var paradigms = root.GetProperty("paradigms");
        Assert.Equal(["supervised", "simclr", "random-labels", "random-labels-aug"], paradigms.EnumerateObject().Select(p => p.Name));
        foreach (var paradigm in paradigms.EnumerateObject())
        {
            var p = paradigm.Value;
            Assert.Equal(Runs, p.GetProperty("n").GetInt32());
            Assert.Equal(M, p.GetProperty("m").GetInt32());
            Assert.Equal(K, p.GetProperty("k").GetInt32());
            Assert.Equal(Epochs + 1, p.GetProperty("mean_p_by_epoch").GetProperty("averaged").GetArrayLength());
            foreach (string variant in new[] { "averaged", "fixed" })
            {
                var thresholds = p.GetProperty(variant).EnumerateArray().ToList();
                Assert.Equal([0.25, 0.5, 0.75], thresholds.Select(t => t.GetProperty("p").GetDouble()));
                foreach (var t in thresholds)
                {
                    foreach (string field in new[] { "epoch", "mean_p", "mae_mean", "mae_std", "mae_null", "envelope_outside", "calibrated" })
                        Assert.True(t.TryGetProperty(field, out _), $"{paradigm.Name}.{variant} lacks {field}");
                    if (t.GetProperty("calibrated") is { ValueKind: JsonValueKind.Object } calibrated)
                    {
                        Assert.InRange(calibrated.GetProperty("p_value").GetDouble(), 1.0 / 201, 1);
                        Assert.Equal(calibrated.GetProperty("distance").GetDouble() - calibrated.GetProperty("null_mean").GetDouble(),
                                     calibrated.GetProperty("excess").GetDouble(), 12);
                    }
                    Assert.Equal(variant == "fixed", t.TryGetProperty("chi2", out var chi2));
                    if (variant == "fixed" && chi2.ValueKind != JsonValueKind.Null)
                    {
                        Assert.True(chi2.GetProperty("statistic").GetDouble() >= 0);
                        Assert.True(chi2.GetProperty("dof").GetInt32() >= 1);
                        Assert.InRange(chi2.GetProperty("p_value").GetDouble(), 0, 1);
                    }
                }
            }
        }
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["supervised-contrast", "simclr-fixed-departs", "simclr-like-random-labels"], findings.Select(f => f.GetProperty("id").GetString()));
        foreach (var finding in findings)
        {
            Assert.Contains(finding.GetProperty("holds").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False, JsonValueKind.Null });
            Assert.False(string.IsNullOrWhiteSpace(finding.GetProperty("statement").GetString()));
            Assert.Equal(JsonValueKind.Array, finding.GetProperty("evidence").ValueKind);
        }
        // The calibrated contrast beside each MAE a finding compares.
        var contrast = findings[0].GetProperty("evidence").EnumerateArray().First();
        foreach (string key in new[] { "supervised_excess", "supervised_contrast_p_value", "simclr_excess", "simclr_excess_in_null_sd" })
            Assert.True(contrast.TryGetProperty(key, out _), key);
        Assert.True(findings[1].GetProperty("evidence").EnumerateArray().First().TryGetProperty("simclr_fixed_excess", out _));
        Assert.True(findings[2].GetProperty("evidence").EnumerateArray().First().TryGetProperty("random-labels_excess", out _));
    }

    [Fact]
    public void PairsCsvHasOneRowPerParadigmImageAndAugmentationWithItsViewsAndP()
    {
        using var study = PaperLikeStudy();
        var result = StudyReport.Write(study.Dir);
        var lines = File.ReadAllLines(Path.Combine(result.ReportDir, "pairs.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(4 + 2 * 12 + 1 + 3, header.Length);
        Assert.Equal(4 * M * K, lines.Length - 1);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        // Row order: paradigm, then augmentation m, then image in record order; the p~ is the pair's own at the threshold epoch.
        var simclr = rows.Where(r => r[0] == "simclr").ToList();
        var analysis = result.Analysis.Paradigms["simclr"];
        var at = analysis.At(Mnemo.Analysis.ProfileVariant.Averaged, 0.5)!;
        int column = Array.IndexOf(header, "p_at_0.5");
        for (int m = 0; m < M; m++)
            for (int k = 0; k < K; k += 13)
            {
                var row = simclr[m * K + k];
                Assert.Equal(m.ToString(), row[3]);
                Assert.Equal(study.Folder.ReadManifest().EvalIndices[k].ToString(), row[1]);
                Assert.Equal(analysis.Counts.Count(at.Epoch, m, k) / (double)Runs, double.Parse(row[column]), 4);
            }
        // Its parameters are those saved for the pair's views.
        var draws = Mnemo.Augmentations.AugmentationCsv.Read(study.Folder.AugmentationsPath("simclr"), study.Folder.ReadManifest().EvalIndices, M, 2, 32, 32);
        Assert.Equal(draws[1][1].CropWidth[5], float.Parse(simclr[K + 5][Array.IndexOf(header, "v2_crop_width")]));
        Assert.All(rows.Where(r => r[0] == "supervised"), r => Assert.Equal("", r[Array.IndexOf(header, "v2_top")]));
    }

    [Fact]
    public void ExamplesCsvIsKeyedByTrainingIndexWithClassNames()
    {
        using var study = PaperLikeStudy();
        var result = StudyReport.Write(study.Dir);
        var lines = File.ReadAllLines(Path.Combine(result.ReportDir, "examples.csv"));
        var manifest = study.Folder.ReadManifest();

        Assert.Equal(K + 1, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(["index", "class"], header[..2]);
        Assert.Contains("simclr_p_at_0.5", header);
        Assert.Contains("supervised_first_epoch_p_ge_0.5", header);
        for (int i = 0; i < K; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(header.Length, cells.Length);
            Assert.Equal(manifest.EvalIndices[i].ToString(), cells[0]);
            Assert.Equal(manifest.ClassNames[manifest.EvalLabels[i]], cells[1]);
        }
        // The p at a threshold epoch is the image's p_t(x) at that epoch.
        var supervised = result.Analysis.Paradigms["supervised"];
        var at = supervised.At(Mnemo.Analysis.ProfileVariant.Averaged, 0.5)!;
        double[] p = supervised.Counts.Probabilities(at.Epoch, Mnemo.Analysis.ProfileVariant.Averaged);
        int column = Array.IndexOf(header, "supervised_p_at_0.5");
        Assert.Equal(p[7], double.Parse(lines[8].Split(',')[column]), 4);
    }

    [Fact]
    public void ReportIsTheSameOnEveryRun()
    {
        using var study = PaperLikeStudy();
        string first = File.ReadAllText(StudyReport.Write(study.Dir).SummaryPath);
        string second = File.ReadAllText(StudyReport.Write(study.Dir).SummaryPath);
        Assert.Equal(first, second);
    }
}
