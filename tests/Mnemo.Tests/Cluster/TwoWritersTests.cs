using System.Text.RegularExpressions;
using Mnemo.Analysis;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>Two processes on one study: two `mnemo run` at once, and a report read while a run is being written.</summary>
public class TwoWritersTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public void Two_mnemo_run_at_once_share_the_runs_train_none_twice_and_end_as_one_would()
    {
        using var dir = new TempDir();
        string[] study = ["--preset", "smoke", "--paradigms", "supervised,simclr,random-labels", "--models", "2", "--epochs", "2",
                          "--jobs", "1", "--threads", "1", "--no-representations"];
        var alone = new StudyFolder(dir.Combine("alone"));
        var one = CliRunner.Run(["run", .. study, "--out", alone.Root]);
        Assert.True(one.Exit == 0, one.Output);

        // Both start on a study that does not exist yet: they also race to create it.
        var shared = new StudyFolder(dir.Combine("shared"));
        using var a = new PausedMnemo(null, ["run", .. study, "--out", shared.Root]);
        using var b = new PausedMnemo(null, ["run", .. study, "--out", shared.Root]);
        // Meanwhile, what a report would read: never a damaged run, each run one consistent snapshot.
        int reads = 0;
        while (!a.Process.HasExited || !b.Process.HasExited)
        {
            if (shared.Exists)
            {
                var config = shared.ReadManifest().Config;
                foreach (var run in shared.Runs(config))
                {
                    var check = StudyVerify.Run(run, config);
                    Assert.False(check.IsDamaged, $"{run.Name} read while training: {check.Describe()}");
                    if (check.Recognition is { } bits) Assert.Equal(check.EpochsRecorded + 1, bits.Shape[0]);
                }
                reads++;
            }
            Thread.Sleep(200);
        }
        var (exitA, outA) = a.WaitForExit(Limit);
        var (exitB, outB) = b.WaitForExit(Limit);
        Assert.True(exitA == 0, outA);
        Assert.True(exitB == 0, outB);
        Assert.True(reads > 0, "the study was never read while it trained");

        // Who trained what: each process prints every epoch it trains.
        var trainedA = Trained(outA);
        var trainedB = Trained(outB);
        var all = shared.Runs(shared.ReadManifest().Config).Select(r => r.Name).ToHashSet();
        Assert.True(trainedA.Count > 0 && trainedB.Count > 0, $"one process trained everything:\n{outA}\n{outB}");
        Assert.Empty(trainedA.Intersect(trainedB));
        Assert.Equal(all, trainedA.Union(trainedB).ToHashSet());
        Assert.DoesNotContain("failed", outA + outB);

        Records.AssertSameStudy(alone, shared);
        var verify = CliRunner.Run("verify", "--study", shared.Root);
        Assert.True(verify.Exit == 0, verify.Output);
    }

    [Fact]
    public void Mnemo_train_on_a_run_another_process_holds_says_busy_and_exits_75()
    {
        using var dir = new TempDir();
        var folder = StudySetup.Prepare(dir.Combine("s"), new StudyOptions { Preset = "smoke", Paradigms = ["supervised"], Models = 1 });
        using var held = Mnemo.Training.RunLock.Acquire(folder.Run("supervised", 0));
        var (exit, output) = CliRunner.Run("train", "--study", folder.Root, "--paradigm", "supervised", "--seed", "0");
        Assert.Equal(75, exit);
        Assert.Contains($"busy: supervised/seed-0 is being trained by process {Environment.ProcessId}", output);
        Assert.False(File.Exists(folder.Run("supervised", 0).StatusPath));   // nothing was done to it
    }

    static HashSet<string> Trained(string output) =>
        Regex.Matches(output, @"\] (\S+/seed-\d+) epoch 1/").Select(m => m.Groups[1].Value).ToHashSet();

    [Fact]
    public void A_report_made_while_a_run_writes_its_records_reads_the_epochs_all_its_records_hold()
    {
        using var dir = new TempDir();
        var folder = new StudyFolder(dir.Combine("s"));
        string[] make = ["--preset", "smoke", "--paradigms", "simclr", "--models", "2", "--epochs", "4", "--threads", "1"];
        var first = CliRunner.Run(["run", .. make, "--jobs", "1", "--no-representations", "--out", folder.Root]);
        Assert.True(first.Exit == 0, first.Output);
        var run = folder.Run("simclr", 0);
        foreach (string entry in Directory.GetFileSystemEntries(run.Dir)) File.Delete(entry);

        // Stopped with epoch 2's recognition.npy in place and its margins.npy not yet: the files on disk hold
        // different epochs, and the checksums are still epoch 1's.
        using var child = new PausedMnemo("write:margins.npy@3", ["train", "--study", folder.Root, "--paradigm", "simclr", "--seed", "0", "--threads", "1"]);
        Assert.True(child.WaitForPause(Limit), "never reached epoch 2's margins.npy");
        Assert.Equal(3, Npy.Read<byte>(run.RecognitionPath).Shape[0]);
        Assert.Equal(2, Npy.Read<Half>(run.MarginsPath).Shape[0]);

        var check = StudyVerify.Run(run, folder.ReadManifest().Config);
        Assert.Equal(RunIntegrity.Unfinished, check.State);
        Assert.Equal(1, check.EpochsRecorded);
        Assert.Equal([2, 2, 64], check.Recognition!.Shape);

        var records = StudyRecords.Load(folder.Root);
        Assert.Equal(1, records.Runs.Single(r => r.Name == "simclr/seed-0").EpochsRecorded);
        Assert.Equal(1, records.Paradigms["simclr"].Epochs);   // one run complete: both runs count, over the epochs both have
        var report = CliRunner.Run("report", "--study", folder.Root, "--no-representations");
        Assert.True(report.Exit == 0, report.Output);
        Assert.Contains("missing: simclr/seed-0: 1 of 4 epochs (running)", report.Output);
        Assert.Equal(0, CliRunner.Run("verify", "--study", folder.Root).Exit);

        child.Release();
        var (exit, output) = child.WaitForExit(Limit);
        Assert.True(exit == 0, output);
        Assert.Equal(RunIntegrity.Intact, StudyVerify.Run(run, folder.ReadManifest().Config).State);
    }
}
