using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Training;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>SIGTERM to a real `mnemo train` process, as Slurm sends it before the time limit.</summary>
public class SignalTests
{
    [Fact]
    public void Sigterm_saves_a_checkpoint_exits_130_and_the_restart_ends_as_an_uninterrupted_run()
    {
        using var dir = new TempDir();
        var options = new StudyOptions { Preset = "smoke", Paradigms = ["simclr"], Models = 1, Epochs = new() { ["*"] = 6 } };
        var straight = StudySetup.Prepare(dir.Combine("straight"), options);
        var stopped = StudySetup.Prepare(dir.Combine("stopped"), options);
        string[] train = ["train", "--paradigm", "simclr", "--seed", "0", "--threads", "1"];

        var whole = CliRunner.Run([.. train, "--study", straight.Root]);
        Assert.True(whole.Exit == 0, whole.Output);

        var run = stopped.Run("simclr", 0);
        using (var p = MnemoProcess.Start([.. train, "--study", stopped.Root]))
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            // After the first epoch the signal handler is surely in place, and 5 epochs are left to stop in.
            Wait.For(() => run.ReadStatus()?.EpochsDone >= 1 || p.HasExited, TimeSpan.FromMinutes(2), "the first epoch");
            if (p.HasExited) Assert.Fail($"mnemo train ended early: {stdout.Result}{stderr.Result}");   // (.Result waits for the end)
            MnemoProcess.Terminate(p);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "mnemo train did not stop after SIGTERM");
            Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {stdout.Result}{stderr.Result}");
            Assert.Contains("checkpoint saved", stdout.Result);
        }
        var status = run.ReadStatus()!;
        Assert.Equal(RunState.Stopped, status.State);
        Assert.True(status.EpochsDone < 6);
        Assert.NotNull(Checkpoint.Read(run));
        Assert.False(File.Exists(run.LockPath));

        using (var again = MnemoProcess.Start([.. train, "--study", stopped.Root]))
        {
            var output = again.StandardOutput.ReadToEndAsync();
            Assert.True(again.WaitForExit(TimeSpan.FromMinutes(3)), "the restarted run did not finish");
            Assert.True(again.ExitCode == 0, output.Result);
        }
        Assert.True(run.IsDone);
        Records.AssertSame(straight.Run("simclr", 0), run);
    }
}
