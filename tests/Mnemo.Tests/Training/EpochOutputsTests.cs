using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Tests.Recording;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Training;

public class EpochOutputsTests
{
    static readonly StudyOptions Options = new()
    {
        Preset = "smoke", Paradigms = ["supervised", "simclr"], Epochs = new() { ["*"] = 3 }, KeepModels = 1,
    };

    [Theory]
    [InlineData("simclr", 2, 2, false)]      // stopped mid-epoch (SIGTERM's safe point between steps)
    [InlineData("supervised", 3, 0, true)]   // stopped right after epoch 2's checkpoint, then as if killed before its snapshot and events
    public void A_resumed_run_ends_with_the_snapshots_and_events_of_an_uninterrupted_one(string paradigm, int stopEpoch, int stopAfterStep, bool loseLastOutputs)
    {
        set_num_threads(2);
        using var dir = new TempDir();
        var straight = StudySetup.Prepare(dir.Combine("straight"), Options);
        using (var data = StudyData.Open(straight, CPU))
            RunTrainer.Train(data, straight, Paradigm.Get(paradigm), 1);

        var stopped = StudySetup.Prepare(dir.Combine("stopped"), Options);
        var b = stopped.Run(paradigm, 1);
        ResumeTests.TrainUntilStopped(stopped, paradigm, 1, stopEpoch, stopAfterStep);
        var state = Checkpoint.Read(b)!;
        Assert.Equal((stopEpoch - 1, stopAfterStep), (state.EpochsDone, state.Step));
        Assert.Equal(Enumerable.Range(0, stopEpoch), ModelFiles.SnapshotEpochs(b));
        Assert.Equal(Enumerable.Range(0, stopEpoch).ToArray(),
            EventFile.Values(TensorBoardLog.EventFiles(b)).Where(v => v.Tag == TensorBoardLog.MeanRecognition).Select(v => (int)v.Step));
        if (loseLastOutputs)
        {
            File.Delete(b.SnapshotPath(stopEpoch - 1));
            foreach (var file in TensorBoardLog.EventFiles(b)) File.Delete(file);
        }
        using (var data = StudyData.Open(stopped, CPU))
            RunTrainer.Train(data, stopped, Paradigm.Get(paradigm), 1);

        var a = straight.Run(paradigm, 1);
        Assert.Equal([0, 1, 2, 3], ModelFiles.SnapshotEpochs(a));
        Assert.Equal([0, 1, 2, 3], ModelFiles.SnapshotEpochs(b));
        foreach (int epoch in ModelFiles.SnapshotEpochs(a))
            Assert.True(File.ReadAllBytes(a.SnapshotPath(epoch)).SequenceEqual(File.ReadAllBytes(b.SnapshotPath(epoch))), $"snapshot of epoch {epoch} differs");
        Assert.Equal(File.ReadAllBytes(a.SafetensorsPath), File.ReadAllBytes(b.SafetensorsPath));
        Assert.Equal(File.ReadAllBytes(a.SnapshotPath(3)), File.ReadAllBytes(a.SafetensorsPath));

        // One event file, every epoch once, with the uninterrupted run's values, in the same order.
        Assert.Single(TensorBoardLog.EventFiles(b));
        var expected = EventFile.Values(TensorBoardLog.EventFiles(a));
        Assert.Equal(4 * 5 - 2, expected.Count);
        Assert.Equal(expected, EventFile.Values(TensorBoardLog.EventFiles(b)));
    }

    [Fact]
    public void Snapshots_are_due_at_epoch_0_and_every_E_epochs_and_never_without_keep_models()
    {
        Assert.Equal([0, 3, 6, 9], Enumerable.Range(0, 11).Where(t => ModelFiles.SnapshotDue(3, t)));
        Assert.Equal(Enumerable.Range(0, 5), Enumerable.Range(0, 5).Where(t => ModelFiles.SnapshotDue(1, t)));
        Assert.DoesNotContain(Enumerable.Range(0, 11), t => ModelFiles.SnapshotDue(null, t));
    }
}
