using System.Text.Json;
using Mnemo.Cluster;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Training;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>mnemo status on a study whose six runs were put by hand in each state a run can be in.</summary>
public class StatusTests
{
    // supervised and simclr x 3 seeds, 4 epochs each.
    static StudyFolder Study(TempDir dir) => StudySetup.Prepare(dir.Combine("study"), new StudyOptions
    {
        Preset = "smoke", Paradigms = ["supervised", "simclr"], Models = 3, Epochs = new() { ["*"] = 4 },
    });

    static void Status(RunFolder run, RunState state, int epochsDone, double secondsPerEpoch, string? error = null)
    {
        Directory.CreateDirectory(run.Dir);
        run.WriteStatus(new RunStatus
        {
            State = state, EpochsDone = epochsDone, Epochs = 4, LastLoss = 1.5, SecondsPerEpoch = secondsPerEpoch,
            Error = error, Host = Environment.MachineName,
        });
    }

    [Fact]
    public void Each_state_is_told_apart_and_the_eta_follows_its_stated_rule()
    {
        using var dir = new TempDir();
        var study = Study(dir);
        // supervised/seed-0 pending: nothing written.
        var done = study.Run("supervised", 1);
        Status(done, RunState.Done, 4, 2.0);
        File.WriteAllBytes(done.RecognitionPath, [0]);
        Status(study.Run("supervised", 2), RunState.Stopped, 1, 4.0);
        var live = study.Run("simclr", 0);
        Status(live, RunState.Running, 2, 10.0);
        using var liveLock = RunLock.Acquire(live);   // this process: alive
        var stale = study.Run("simclr", 1);
        Status(stale, RunState.Running, 1, 0);
        File.WriteAllText(stale.LockPath, JsonSerializer.Serialize(
            new RunLock.Owner(Environment.MachineName, 999_999, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(-1)), StudyFolder.Json));
        Status(study.Run("simclr", 2), RunState.Failed, 3, 0, error: "simclr/seed-2: loss became NaN");

        var status = StudyStatus.Read(study);
        var states = status.Runs.ToDictionary(r => r.Name, r => r.State);
        Assert.Equal(RunView.Pending, states["supervised/seed-0"]);
        Assert.Equal(RunView.Done, states["supervised/seed-1"]);
        Assert.Equal(RunView.Stopped, states["supervised/seed-2"]);
        Assert.Equal(RunView.Running, states["simclr/seed-0"]);
        Assert.Equal(RunView.Stale, states["simclr/seed-1"]);
        Assert.Equal(RunView.Failed, states["simclr/seed-2"]);
        Assert.Contains("999999", status.Runs.Single(r => r.State == RunView.Stale).Note);
        Assert.Equal("simclr/seed-2: loss became NaN", status.Runs.Single(r => r.State == RunView.Failed).Note);

        // Left: supervised 4 + 0 + 3 = 7 epochs at (2 + 4) / 2 = 3 s; simclr 2 + 3 + 1 = 6 epochs at 10 s
        // (only seed-0 has timed one); one run running.
        Assert.Equal(13, status.RemainingEpochs);
        Assert.Equal(1, status.Parallel);
        Assert.Empty(status.Untimed);
        Assert.Equal(7 * 3.0 + 6 * 10.0, status.EtaSeconds, 6);

        var (exit, output) = CliRunner.Run("status", "--study", study.Root);
        Assert.True(exit == 0, output);
        Assert.Contains("stale (died?)", output);
        Assert.Contains("loss became NaN", output);
        foreach (var word in new[] { "pending", "running", "stopped", "done", "failed" }) Assert.Contains(word, output);
        Assert.Contains("6 runs: 1 pending, 1 running, 1 stale (died?), 1 stopped, 1 done, 1 failed; 13 epochs left", output);
        Assert.Contains("ETA: 00:01:21 (1 run running now)", output);
        Assert.Contains("ETA = sum over paradigms", output);
    }

    [Fact]
    public void A_fresh_study_has_no_eta_yet_and_a_finished_one_says_done()
    {
        using var dir = new TempDir();
        var study = Study(dir);
        var fresh = CliRunner.Run("status", "--study", study.Root);
        Assert.True(fresh.Exit == 0, fresh.Output);
        Assert.Contains("6 runs: 6 pending; 24 epochs left", fresh.Output);
        Assert.Contains("ETA: unknown until an epoch of supervised, simclr has been timed", fresh.Output);

        foreach (var run in study.Runs(study.ReadManifest().Config))
        {
            Status(run, RunState.Done, 4, 1.0);
            File.WriteAllBytes(run.RecognitionPath, [0]);
        }
        var finished = CliRunner.Run("status", "--study", study.Root);
        Assert.Contains("6 runs: 6 done; 0 epochs left", finished.Output);
        Assert.Contains("ETA: done", finished.Output);
    }

    [Fact]
    public void Status_of_a_folder_that_is_not_a_study_is_one_line()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("status", "--study", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("not a study folder", output);
    }
}
