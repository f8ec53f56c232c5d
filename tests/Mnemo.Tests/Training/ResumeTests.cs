using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Study;
using Mnemo.Tests.Models;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Training;

public class ResumeTests
{
    static readonly StudyOptions Options = new()
    {
        Preset = "smoke", Paradigms = ["supervised", "simclr"], Epochs = new() { ["*"] = 3 },
    };

    static string[] RecordFiles(RunFolder run) =>
        ["recognition.npy", "margins.npy", .. run.Paradigm == "simclr" ? new[] { "recognition_reverse.npy", "margins_reverse.npy" } : []];

    // log.csv without its seconds column, which is wall time.
    static string[] LogWithoutTime(RunFolder run) =>
        File.ReadAllLines(run.LogPath).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))).ToArray();

    /// <summary>Trains the run until it is cancelled after step <paramref name="stopAfterStep"/> of epoch
    /// <paramref name="stopEpoch"/>, or (step 0) as soon as epoch <paramref name="stopEpoch"/> - 1 is recorded.</summary>
    internal static void TrainUntilStopped(StudyFolder folder, string paradigm, int seed, int stopEpoch, int stopAfterStep)
    {
        using var data = StudyData.Open(folder, CPU);
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => RunTrainer.Train(data, folder, Paradigm.Get(paradigm), seed,
            p =>
            {
                bool epochDone = p.MeanRecognition is not null;
                if ((stopAfterStep > 0 && p.Epoch == stopEpoch && p.Step == stopAfterStep && !epochDone) ||
                    (stopAfterStep == 0 && p.Epoch == stopEpoch - 1 && epochDone))
                    stop.Cancel();
            }, stop.Token));
    }

    [Theory]
    [InlineData("simclr", 2, 2)]       // stopped mid-epoch (SIGTERM's safe point between steps)
    [InlineData("supervised", 2, 0)]   // stopped at the start of an epoch, right after a checkpoint
    public void A_stopped_run_resumes_to_the_same_records_as_an_uninterrupted_one(string paradigm, int stopEpoch, int stopAfterStep)
    {
        set_num_threads(2);
        using var dir = new TempDir();
        var straight = StudySetup.Prepare(dir.Combine("straight"), Options);
        using (var data = StudyData.Open(straight, CPU))
            RunTrainer.Train(data, straight, Paradigm.Get(paradigm), 1);

        var stopped = StudySetup.Prepare(dir.Combine("stopped"), Options);
        TrainUntilStopped(stopped, paradigm, 1, stopEpoch, stopAfterStep);
        Assert.False(stopped.Run(paradigm, 1).IsDone);
        // A new process would open the study afresh.
        using (var data = StudyData.Open(stopped, CPU))
            RunTrainer.Train(data, stopped, Paradigm.Get(paradigm), 1);

        var a = straight.Run(paradigm, 1);
        var b = stopped.Run(paradigm, 1);
        foreach (var file in RecordFiles(a))
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Dir, file)), File.ReadAllBytes(Path.Combine(b.Dir, file)));
        Assert.Equal(LogWithoutTime(a), LogWithoutTime(b));
        Assert.Equal(4, File.ReadAllLines(b.LogPath).Length - 1);   // epochs 0..3
        Assert.False(Directory.Exists(b.CheckpointDir));
    }
}

[Collection(nameof(CpuKernels))]
public class DivergenceTests
{
    [Fact]
    public void A_run_that_diverges_fails_with_a_clear_message_and_keeps_its_checkpoint()
    {
        using var dir = new TempDir();
        var folder = StudySetup.Prepare(dir.Combine("s"), new StudyOptions { Preset = "smoke", Paradigms = ["supervised"], Epochs = new() { ["*"] = 2 } });
        // An absurd learning rate, written into the study as a user's config would be.
        var manifest = folder.ReadManifest();
        var settings = manifest.Config.Settings["supervised"] with { LearningRate = 1e12 };
        folder.WriteManifest(manifest with { Config = manifest.Config with { Settings = new() { ["supervised"] = settings } } });
        var warnings = new List<string>();
        using var data = StudyData.Open(folder, CPU);
        var e = Assert.Throws<MnemoException>(() => RunTrainer.Train(data, folder, Paradigm.Get("supervised"), 0, warn: warnings.Add));
        Assert.Contains("learning rate", e.Message);
        Assert.Equal(3, warnings.Count(w => w.Contains("redoing it from the checkpoint")));
        Assert.Equal(0, Checkpoint.Read(folder.Run("supervised", 0))!.EpochsDone);
        // The redo ran on ATen's kernels and diverged there too: the run's own fault, so oneDNN stays for the others.
        if (Environment.GetEnvironmentVariable("MNEMO_ONEDNN") is not ("forward" or "0"))
        {
            Assert.Single(warnings, w => w.Contains("not oneDNN's fault"));
            Assert.True(NativeSetup.OneDnnBackward);
        }
    }
}
