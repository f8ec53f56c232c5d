using Mnemo.Analysis.Representations;
using Mnemo.Recording;
using Mnemo.Report;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Recording;

[Collection(nameof(SmallStudy))]
public class ModelFilesTests(SmallStudy study)
{
    // A fixed input both sides can rebuild: [4, C, H, W] in [0, 1].
    static Tensor FixedInput(int[] shape) =>
        (sin(arange(4L * shape[0] * shape[1] * shape[2], dtype: float32) * 0.37f) * 0.5f + 0.5f).reshape(4, shape[0], shape[1], shape[2]);

    [Fact]
    public void Every_run_writes_model_safetensors_with_pytorchs_names_and_the_weights_of_model_bin()
    {
        foreach (var run in study.Runs)
        {
            var tensors = Safetensors.LoadStateDict(run.SafetensorsPath);
            using var fromBin = ModelFiles.Load(study.Manifest, run.Paradigm, run.ModelPath);
            using var fromSafetensors = ModelFiles.Load(study.Manifest, run.Paradigm, run.SafetensorsPath);
            Assert.Equal(fromBin.state_dict().Keys.Order(), tensors.Keys.Order());
            Assert.Contains("conv1.weight", tensors.Keys);
            Assert.Contains("bn1.running_mean", tensors.Keys);
            Assert.Contains("layer1.0.conv1.weight", tensors.Keys);
            Assert.Contains("layer2.0.shortcut.0.weight", tensors.Keys);
            Assert.Equal(20, tensors.Keys.Count(k => k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)));
            string[] head = run.Paradigm == "simclr" ? ["fc.0.bias", "fc.0.weight", "fc.2.bias", "fc.2.weight"] : ["fc.bias", "fc.weight"];
            Assert.Equal(head, tensors.Keys.Where(k => k.StartsWith("fc.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            // Trained BatchNorm statistics travel too, not only parameters.
            Assert.NotEqual(0f, tensors["bn1.running_mean"].abs().sum().item<float>());
            foreach (var t in tensors.Values) t.Dispose();

            fromBin.eval(); fromSafetensors.eval();
            using var x = FixedInput(study.Manifest.ImageShape);
            using (no_grad())
            {
                using var a = fromBin.call(x);
                using var b = fromSafetensors.call(x);
                Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
            }
            // Every epoch is kept (--keep-models 1): the last snapshot is the final network, byte for byte.
            Assert.Equal([0, 1, 2], ModelFiles.SnapshotEpochs(run));
            Assert.Equal(File.ReadAllBytes(run.SafetensorsPath), File.ReadAllBytes(run.SnapshotPath(2)));
            Assert.NotEqual(File.ReadAllBytes(run.SnapshotPath(0)), File.ReadAllBytes(run.SnapshotPath(1)));
        }
    }

    [Fact]
    public void Export_writes_model_safetensors_for_the_finished_runs_of_an_older_study_and_only_those()
    {
        using var dir = new TempDir();
        var copy = study.CopyTo(dir);
        // As an older Mnemo left it: no model.safetensors; one run still unfinished.
        var runs = copy.Runs(copy.ReadManifest().Config).ToArray();
        foreach (var run in runs.Take(3)) File.Delete(run.SafetensorsPath);
        var unfinished = runs[2];
        unfinished.WriteStatus(unfinished.ReadStatus()! with { State = RunState.Running });

        var (exit, output) = CliRunner.Run("export", "--study", copy.Root);

        Assert.True(exit == 0, output);
        Assert.Contains("2 written, 1 already there, 1 runs not finished", output);
        foreach (var run in runs.Take(2))
            Assert.Equal(File.ReadAllBytes(study.Folder.Run(run.Paradigm, run.Seed).SafetensorsPath), File.ReadAllBytes(run.SafetensorsPath));
        Assert.False(File.Exists(unfinished.SafetensorsPath));
        Assert.Empty(Directory.GetFiles(runs[0].Dir, "*.tmp-*"));
        var again = CliRunner.Run("export", "--study", copy.Root);
        Assert.Contains("0 written, 3 already there, 1 runs not finished", again.Output);
    }

    [Fact]
    public void The_representation_section_reads_the_snapshots_of_the_epoch_asked_for()
    {
        using var dir = new TempDir();
        var result = RepresentationReport.Write(study.Folder, dir.Path, CPU, SmallStudy.Representations with { ModelsAt = 1 });

        Assert.Equal(1, result.ModelsAt);
        Assert.Equal(["supervised", "simclr", RepresentationReport.RandomInit], result.Networks);
        Assert.True(new FileInfo(result.Fig6Png).Length > 5_000);
        // The networks read are the snapshots': their features differ from the final models'.
        using var images = FixedInput(study.Manifest.ImageShape);
        using var early = StudyNetwork.Trained(study.Folder, study.Manifest, "supervised", 0, CPU, epoch: 1)!;
        using var final = StudyNetwork.Trained(study.Folder, study.Manifest, "supervised", 0, CPU)!;
        using (no_grad())
            Assert.False(early.Model.Features(early.Input(images)).allclose(final.Model.Features(final.Input(images))));
        Assert.Null(StudyNetwork.Trained(study.Folder, study.Manifest, "supervised", 0, CPU, epoch: 5));
    }

    [Fact]
    public void Report_models_at_an_epoch_without_snapshots_names_the_epochs_there_are()
    {
        var (exit, output) = CliRunner.Run("report", "--study", study.Folder.Root, "--models-at", "5");
        Assert.Equal(2, exit);
        Assert.Contains("error: ", output);
        Assert.Contains("no network snapshot after epoch 5; the runs of seed 0 have them after epochs 0, 1, 2", output.ReplaceLineEndings(""));

        using var dir = new TempDir();
        var copy = study.CopyTo(dir);
        foreach (var run in copy.Runs(copy.ReadManifest().Config)) Directory.Delete(run.SnapshotsDir, recursive: true);
        var none = CliRunner.Run("report", "--study", copy.Root, "--models-at", "1");
        Assert.Equal(2, none.Exit);
        Assert.Contains("--keep-models", none.Output);
        Assert.False(Directory.Exists(Path.Combine(copy.Root, "report-epoch-1")));
    }
}
