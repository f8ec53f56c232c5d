using Mnemo.Analysis.Representations;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Report;
using Mnemo.Study;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Report;

public class RepresentationReportTests
{
    static readonly RepresentationOptions Small = new() { TsnePoints = 200, TsneIterations = 100, ActivationSteps = 20, ProbeMinSteps = 100 };

    [Fact]
    public void A_smoke_study_gets_both_figures_and_a_probe_row_per_network()
    {
        using var scratch = new TempDir();
        var folder = StudySetup.Prepare(Path.Combine(scratch.Path, "study"), new StudyOptions { Preset = "smoke", Paradigms = ["supervised", "simclr"] });
        using (var data = StudyData.Open(folder, CPU))
        {
            RunTrainer.Train(data, folder, Paradigm.Get("supervised"), 0);
            // simclr is left untrained at first: the report must skip it and say so.
            var partial = RepresentationReport.Write(folder, Path.Combine(scratch.Path, "partial"), CPU, Small);
            Assert.Equal(["simclr"], partial.Skipped);
            Assert.Equal(["supervised", RepresentationReport.RandomInit], partial.Networks);
            RunTrainer.Train(data, folder, Paradigm.Get("simclr"), 0);
        }
        var messages = new List<string>();
        string reportDir = Path.Combine(scratch.Path, "report");

        var result = RepresentationReport.Write(folder, reportDir, CPU, Small, new SyncProgress(messages.Add));

        Assert.Empty(result.Skipped);
        Assert.Equal(["supervised", "simclr", RepresentationReport.RandomInit, RepresentationReport.RawPixels],
            result.Probe.Select(r => r.Network));
        Assert.All(result.Probe, r =>
        {
            Assert.InRange(r.TrainAccuracy, 0, 1);
            Assert.InRange(r.TestAccuracy, 0, 1);
            Assert.Equal(256, r.TrainImages);
            Assert.Equal(256, r.TestImages);
        });
        Assert.Equal(200, result.TsnePoints);
        Assert.Equal(3 * 4 * 3, result.Activations.Count);
        foreach (var png in new[] { result.Fig6Png, result.Fig7Png })
            Assert.True(new FileInfo(png).Length > 5_000, $"{png} is only {new FileInfo(png).Length} bytes");
        foreach (var svg in new[] { result.Fig6Svg, result.Fig7Svg })
            Assert.StartsWith("<?xml", File.ReadAllText(svg));
        var csv = File.ReadAllLines(result.ProbeCsv);
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("network,train_accuracy,test_accuracy", csv[0]);
        Assert.Equal(Path.Combine(reportDir, "fig6.png"), result.Fig6Png);
        Assert.Contains(result.Timings, t => t.Step == "t-SNE" && t.Network == "simclr");
        Assert.Contains(messages, m => m.Contains("simclr"));
        Assert.Empty(result.Warnings);

        // A network whose weights went NaN is left out with a warning, not drawn or probed.
        var manifest = folder.ReadManifest();
        using (var broken = StudyNetwork.Trained(folder, manifest, "simclr", 0, CPU)!)
        {
            using (no_grad()) broken.Model.parameters().First().fill_(float.NaN);
            using (broken.Model.InPyTorchLayout()) broken.Model.save(folder.Run("simclr", 0).ModelPath);
        }
        // Changed on disk, it no longer matches its checksum: damaged, left out.
        var changed = RepresentationReport.Write(folder, Path.Combine(scratch.Path, "changed"), CPU, Small);
        Assert.DoesNotContain("simclr", changed.Networks);
        Assert.Contains(changed.Warnings, w => w.Contains("model.bin: sha256 expected") && w.Contains("damaged"));
        // Written so by training (its checksum recorded), the NaN itself is what leaves it out.
        Checksums.Record(folder.Run("simclr", 0).Dir, [folder.Run("simclr", 0).ModelPath]);
        var withNaN = RepresentationReport.Write(folder, Path.Combine(scratch.Path, "nan"), CPU, Small);
        Assert.Equal(["supervised", RepresentationReport.RandomInit], withNaN.Networks);
        Assert.DoesNotContain(withNaN.Probe, r => r.Network == "simclr");
        Assert.Contains(withNaN.Warnings, w => w.StartsWith("simclr: its features are not all finite"));
    }

    [Fact]
    public void Bad_options_fail_before_any_work_with_the_setting_named()
    {
        var e = Assert.Throws<MnemoException>(() =>
            RepresentationReport.Write(new StudyFolder("/nonexistent/study"), "/nonexistent/report", CPU, new RepresentationOptions { TsnePoints = 2 }));
        Assert.Contains("t-SNE points", e.Message);
    }

    // Progress<T> posts to the thread pool; a test wants the messages when Write returns.
    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
