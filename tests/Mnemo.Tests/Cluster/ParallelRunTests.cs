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
    public void Train_from_stdin_trains_each_run_it_is_given_and_ends_each_with_its_exit_code()
    {
        using var dir = new TempDir();
        var folder = new StudyFolder(dir.Combine("s"));
        var made = CliRunner.Run("run", "--preset", "smoke", "--paradigms", "supervised", "--models", "2", "--epochs", "supervised=2",
                                 "--no-representations", "--out", folder.Root, "--jobs", "1", "--threads", "1");
        Assert.True(made.Exit == 0, made.Output);
        var runs = new[] { folder.Run("supervised", 0), folder.Run("supervised", 1) };
        var first = runs.Select(r => new RunFolder(dir.Combine("first", r.Paradigm, $"seed-{r.Seed}"), r.Paradigm, r.Seed)).ToArray();
        for (int i = 0; i < runs.Length; i++)
        {
            TempDir.CopyFolder(runs[i].Dir, first[i].Dir);
            Directory.Delete(runs[i].Dir, recursive: true);
        }

        using var p = MnemoProcess.Start("train", "--study", folder.Root, "--from-stdin", "--threads", "1");
        var output = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write("supervised 0\nnone 1\nsupervised 1\n");
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "mnemo train --from-stdin did not end at the end of its input");
        Assert.True(p.ExitCode == 0, output.Result);
        var ends = output.Result.Split('\n').Where(l => l.StartsWith(Mnemo.Cli.Commands.TrainCommand.RunEnded)).Select(l => l.Trim()).ToArray();
        Assert.Equal(["mnemo-train: end 0", "mnemo-train: end 2", "mnemo-train: end 0"], ends);
        Assert.Contains("error: ", output.Result);
        Assert.Contains("no paradigm 'none'", output.Result);
        // One process, two runs: the second trained after the first in the same process, as the first was alone in its own.
        for (int i = 0; i < runs.Length; i++)
        {
            Assert.True(runs[i].IsDone, $"{runs[i].Name} is not done");
            Records.AssertSame(first[i], runs[i]);
        }
    }

    [Fact]
    public void A_killed_process_fails_only_its_run_and_a_new_one_trains_the_rest()
    {
        using var dir = new TempDir();
        var folder = new StudyFolder(dir.Combine("s"));
        string[] run = ["run", "--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "2", "--epochs", "supervised=2,simclr=12",
                        "--no-representations", "--out", folder.Root, "--jobs", "2", "--threads", "2"];
        using (var p = MnemoProcess.Start(run))
        {
            var output = p.StandardOutput.ReadToEndAsync();
            var victim = folder.Run("simclr", 0);
            Wait.For(() => victim.ReadStatus()?.EpochsDone >= 1 || p.HasExited, TimeSpan.FromMinutes(3), "simclr/seed-0's first epoch");
            if (p.HasExited) Assert.Fail($"mnemo run ended early: {output.Result}");
            var holder = RunLock.Read(victim.LockPath) ?? throw new Xunit.Sdk.XunitException("simclr/seed-0 has no lock");
            Assert.NotEqual(p.Id, holder.Pid);
            using (var child = System.Diagnostics.Process.GetProcessById(holder.Pid)) child.Kill();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "mnemo run did not finish after one of its processes was killed");
            Assert.True(p.ExitCode == 1, $"exit {p.ExitCode}: {output.Result}");
            Assert.Contains("failed: simclr/seed-0", output.Result);
            Assert.Contains("1 runs failed", output.Result);
            var others = folder.Runs(folder.ReadManifest().Config).Where(r => r.Name != victim.Name).ToList();
            Assert.All(others, r => Assert.True(r.IsDone, $"{r.Name} was not trained after simclr/seed-0's process died"));
            Assert.False(victim.IsDone);
        }
        using (var again = MnemoProcess.Start(run))
        {
            var output = again.StandardOutput.ReadToEndAsync();
            Assert.True(again.WaitForExit(TimeSpan.FromMinutes(3)), "the same command did not finish");
            Assert.True(again.ExitCode == 0, output.Result);
        }
        Assert.True(folder.Run("simclr", 0).IsDone, "the same command did not resume the killed run");
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
