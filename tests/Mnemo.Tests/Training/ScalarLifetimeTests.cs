using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Study;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Training;

/// <summary>
/// TorchSharp 0.107 hands libtorch temporary Scalars (made from numbers on the fly) and tensors without keeping them
/// alive, so a garbage collection on another thread (a progress bar's, say) can free one while libtorch reads it.
/// Under such collections Mnemo's own steps used to fail about once in 60 ("Unknown scalar type", "Expected false
/// to be true", "For integral input tensors, argument alpha must not be a floating point number"); every number the
/// training path gives libtorch is now a Scalar that outlives the call.
/// </summary>
public class ScalarLifetimeTests
{
    [Theory]
    [InlineData("supervised")]
    [InlineData("simclr")]
    public void Training_and_recognition_survive_collections_on_another_thread(string name)
    {
        using var dir = new TempDir();
        var folder = StudySetup.Prepare(dir.Combine("s"), new StudyOptions { Preset = "smoke", Paradigms = [name], Models = 1 });
        using var data = StudyData.Open(folder, CPU);
        using var run = new TrainingRun(data, folder.Run(name, 0), Paradigm.Get(name));
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); Thread.Sleep(1); }
        });
        collector.Start();
        int epochs = 0, steps = 0;
        try
        {
            // About 250 steps: before the fix, P(no failure) was about e^-4.
            for (int epoch = 1; steps < 250; epoch++, epochs++)
            {
                steps += run.TrainEpoch(epoch, EpochTotals.None, () => false).Steps;
                Assert.NotNull(run.Recognise(1, warn: null));
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(epochs > 0);
    }
}
