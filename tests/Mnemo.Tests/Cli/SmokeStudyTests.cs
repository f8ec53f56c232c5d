using Mnemo.Recording;
using Mnemo.Study;
using Xunit;

namespace Mnemo.Tests.Cli;

public class SmokeStudyTests
{
    [Fact]
    public void A_smoke_study_runs_every_paradigm_and_seed_end_to_end_and_a_second_run_skips_them()
    {
        using var dir = new TempDir();
        string study = dir.Combine("smoke");
        var (exit, output) = CliRunner.Run("run", "--preset", "smoke", "--out", study, "--threads", "2");
        Assert.True(exit == 0, output);

        var folder = new StudyFolder(study);
        var manifest = folder.ReadManifest();
        Assert.Equal(64, manifest.EvalIndices.Distinct().Count());
        foreach (var paradigm in new[] { "supervised", "simclr", "random-labels", "random-labels-aug" })
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
                Assert.Equal(paradigm == "simclr", File.Exists(run.RecognitionReversePath));
                Assert.Equal(4, File.ReadAllLines(run.LogPath).Length);
                Assert.True(File.Exists(run.ModelPath));
            }
        }
        // Seeds differ: the two supervised networks do not recognise exactly the same views.
        Assert.NotEqual(Npy.Read<Half>(folder.Run("supervised", 0).MarginsPath).Data,
                        Npy.Read<Half>(folder.Run("supervised", 1).MarginsPath).Data);

        var again = CliRunner.Run("run", "--out", study, "--threads", "2");
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("0 runs to do", again.Output);
    }
}
