using Mnemo.Study;
using Mnemo.Tests.Cluster;
using Mnemo.Training;
using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>
/// A study on a small tmpfs that fills up (or turns read-only) at chosen moments. Each moment is reached exactly:
/// the child stops at a named write (the test hook), the test opens every file of the study (so a file replaced
/// later keeps its space: nothing is freed by the renames to come) and takes every free page, then lets it go on;
/// the next write that needs space is the one that fails.
/// </summary>
public class DiskFullTests
{
    static readonly string[] Study = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "1", "--epochs", "3",
                                      "--jobs", "1", "--threads", "1", "--no-representations"];
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    static void AssertOneLine((int Exit, string Output) result, string problem, string path)
    {
        Assert.True(result.Exit == 74, $"exit {result.Exit}: {result.Output}");
        var errors = result.Output.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains(problem, error);
        Assert.Contains(path, error);
        Assert.Contains("give the same command again", error);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }

    static string[] Leftovers(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => f.Contains(".tmp-") || f.Contains("lock.new-") || f.Contains(".creating-")).ToArray();

    /// <summary>The child stops at <paramref name="pause"/>; there the disk is filled (with every file of the study held
    /// open), or made read-only; then it goes on and must fail in one line.</summary>
    static (int Exit, string Output) FailAt(string pause, Tmpfs disk, string study, string[] command, bool readOnly = false)
    {
        using var child = new PausedMnemo(pause, command);
        if (!child.WaitForPause(Limit)) Assert.Fail($"never reached {pause}: {child.WaitForExit(Limit).Output}");
        var held = Directory.GetFiles(study, "*", SearchOption.AllDirectories).Select(File.OpenRead).ToList();
        try
        {
            if (readOnly) disk.ReadOnly(true); else disk.Fill();
            child.Release();
            return child.WaitForExit(Limit);
        }
        finally
        {
            held.ForEach(h => h.Dispose());
            if (readOnly) disk.ReadOnly(false); else disk.Free();
        }
    }

    static void AssertResumable(RunFolder run, string problem)
    {
        var status = run.ReadStatus()!;
        Assert.Equal(RunState.Stopped, status.State);
        Assert.Contains(problem, status.Error);
        var checkpoint = Checkpoint.Read(run)!;
        Assert.True(File.Exists(Path.Combine(run.CheckpointDir, $"model-{checkpoint.Tag}.bin")));
        Assert.True(File.Exists(Path.Combine(run.CheckpointDir, $"optimizer-{checkpoint.Tag}.bin")));
        Assert.False(File.Exists(run.LockPath));
    }

    [TmpfsFact]
    public void A_full_or_read_only_disk_at_each_moment_is_one_line_leaves_nothing_behind_and_the_same_command_resumes_to_the_same_records()
    {
        using var dir = new TempDir();
        var straight = new StudyFolder(dir.Combine("straight"));
        var whole = CliRunner.Run(["run", .. Study, "--out", straight.Root]);
        Assert.True(whole.Exit == 0, whole.Output);

        using var disk = new Tmpfs(16);
        var folder = new StudyFolder(Path.Combine(disk.Root, "study"));
        string[] command = ["run", .. Study, "--out", folder.Root];

        // 1. Creating the study on a full disk: nothing is left, not even the folder it was built in.
        disk.Fill();
        AssertOneLine(CliRunner.Run(command), "no space left on device", "random_labels.npy");
        Assert.False(Directory.Exists(folder.Root));
        Assert.Empty(Leftovers(disk.Root));
        disk.Free();
        Assert.True(StudySetup.Prepare(folder.Root, new StudyOptions { Preset = "smoke", Paradigms = ["supervised", "simclr"], Models = 1, Epochs = new() { ["*"] = 3 } }).Exists);
        var supervised = folder.Run("supervised", 0);

        // 2. Taking a run's lock on a full disk, in this process and in the `mnemo train` children of --jobs 2, whose
        // parent passes the first child's line on and stops the others (their train.log cannot be written either).
        disk.Fill();
        AssertOneLine(CliRunner.Run(command), "no space left on device", supervised.LockPath);
        string[] twoJobs = ["run", "--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "1", "--epochs", "3",
                            "--jobs", "2", "--threads", "2", "--no-representations", "--out", folder.Root];
        using (var parent = new PausedMnemo(null, twoJobs))
        {
            var jobs = parent.WaitForExit(Limit);
            AssertOneLine(jobs, "no space left on device", "/lock");
            Assert.Contains("output is not all in its log", jobs.Output);
        }
        disk.Free();
        Assert.Empty(Leftovers(folder.Root));

        // 3. During the records: epoch 2's recognition.npy is complete, its margins.npy finds no space.
        AssertOneLine(FailAt("write:recognition.npy@3", disk, folder.Root, command), "no space left on device", supervised.MarginsPath);
        Assert.Empty(Leftovers(folder.Root));
        AssertResumable(supervised, "no space left on device");
        Assert.Equal(1, Checkpoint.Read(supervised)!.EpochsDone);
        Assert.Equal(RunIntegrity.Unfinished, StudyVerify.Run(supervised, folder.ReadManifest().Config).State);

        // 4. During a checkpoint: its model is written, its optimizer finds no space; the checkpoint of epoch 1 stays current.
        AssertOneLine(FailAt("write:model-*@1", disk, folder.Root, command), "no space left on device",
            Path.Combine(supervised.CheckpointDir, "optimizer-e2.bin"));
        Assert.Empty(Leftovers(folder.Root));
        AssertResumable(supervised, "no space left on device");
        Assert.Equal(1, Checkpoint.Read(supervised)!.EpochsDone);

        // 5. The file system turns read-only before margins.npy is renamed into place: nothing can be cleaned up
        // then (its temporary file and the lock stay), and the next start, on a writable disk, removes them.
        AssertOneLine(FailAt("write:margins.npy@1", disk, folder.Root, command, readOnly: true), "read-only", supervised.MarginsPath);
        Assert.NotEmpty(Leftovers(folder.Root));

        // 6. During the report, after the last run is done.
        var report = FailAt("write:fig1.png@1", disk, folder.Root, command);
        AssertOneLine(report, "no space left on device", folder.ReportDir);
        Assert.Empty(Leftovers(folder.Root));
        Assert.All(folder.Runs(folder.ReadManifest().Config), r => Assert.True(r.IsDone, r.Name));

        // Space again: the same command finishes, with the records of a study that never stopped.
        using (var last = new PausedMnemo(null, command))
        {
            var done = last.WaitForExit(Limit);
            Assert.True(done.Exit == 0, done.Output);
        }
        Assert.Empty(Leftovers(folder.Root));
        Records.AssertSameStudy(straight, folder);
        Assert.True(File.Exists(Path.Combine(folder.ReportDir, "report.html")));
        var verify = CliRunner.Run("verify", "--study", folder.Root);
        Assert.True(verify.Exit == 0, verify.Output);
    }
}
