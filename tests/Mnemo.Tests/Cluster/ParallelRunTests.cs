using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Training;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>`mnemo run --jobs J`: runs trained by child `mnemo train` processes, stopped and resumed through the parent.</summary>
public class ParallelRunTests
{
    [Fact]
    public void Jobs_train_the_same_records_as_one_process_and_a_stopped_parent_stops_every_child_at_a_checkpoint()
    {
        using var dir = new TempDir();
        string[] study = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "2", "--epochs", "supervised=3,simclr=8"];
        var inProcess = new StudyFolder(dir.Combine("in-process"));
        var here = CliRunner.Run(["run", .. study, "--out", inProcess.Root, "--jobs", "1", "--threads", "1"]);
        Assert.True(here.Exit == 0, here.Output);

        var parallel = new StudyFolder(dir.Combine("parallel"));
        string[] run = ["run", .. study, "--out", parallel.Root, "--jobs", "2", "--threads", "2"];
        using (var p = MnemoProcess.Start(run))
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var simclr = parallel.Run("simclr", 0);
            Wait.For(() => simclr.ReadStatus()?.EpochsDone >= 1 || p.HasExited, TimeSpan.FromMinutes(3), "simclr's first epoch");
            if (p.HasExited) Assert.Fail($"mnemo run ended early: {stdout.Result}");
            MnemoProcess.Terminate(p);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "mnemo run did not stop after SIGTERM");
            Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {stdout.Result}");
            Assert.Contains("2 runs at a time, 1 thread each", stdout.Result);
        }
        var stopped = parallel.Runs(parallel.ReadManifest().Config).Where(r => !r.IsDone).ToList();
        Assert.NotEmpty(stopped);
        Assert.All(stopped, r => Assert.NotEqual(RunState.Running, r.ReadStatus()?.State ?? RunState.Pending));
        Assert.Contains(stopped, r => Checkpoint.Read(r) is not null);
        Assert.All(parallel.Runs(parallel.ReadManifest().Config), r => Assert.False(File.Exists(r.LockPath), $"{r.Name} still locked"));

        using (var again = MnemoProcess.Start(run))
        {
            var output = again.StandardOutput.ReadToEndAsync();
            Assert.True(again.WaitForExit(TimeSpan.FromMinutes(4)), "the resumed study did not finish");
            Assert.True(again.ExitCode == 0, output.Result);
            Assert.Contains("finished", output.Result);
        }
        foreach (var r in inProcess.Runs(inProcess.ReadManifest().Config))
        {
            var twin = parallel.Run(r.Paradigm, r.Seed);
            Records.AssertSame(r, twin);
            Assert.True(File.Exists(Path.Combine(twin.Dir, "train.log")), $"{twin.Name} has no train.log");
        }
    }

    [Fact]
    public void Jobs_inside_another_program_are_refused_in_one_line()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("run", "--preset", "smoke", "--out", dir.Combine("s"), "--jobs", "2");
        Assert.Equal(2, exit);
        Assert.Contains("--jobs: mnemo runs inside another program here", output);
    }
}
