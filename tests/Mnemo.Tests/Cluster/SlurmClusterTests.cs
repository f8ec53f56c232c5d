using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Training;
using Xunit;
using Xunit.Abstractions;

namespace Mnemo.Tests.Cluster;

/// <summary>
/// `mnemo slurm` against a real Slurm cluster (CI: the one-machine cluster of .ci/slurm-up.sh). The
/// array's tasks run the built CLI (mnemo.dll next to these tests) as separate processes.
/// </summary>
public class SlurmClusterTests(ITestOutputHelper log)
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    static (int Exit, string Output, string Job) Submit(params string[] args)
    {
        var (exit, output) = CliRunner.Run(["slurm", .. args, "--mnemo", MnemoProcess.Dll, "--cpus-per-task", "1", "--threads", "1"]);
        Assert.True(exit == 0, output);
        string job = output.Trim().Split('\n')[^1].Trim();
        Assert.Matches("^[0-9]+$", job);
        return (exit, output, job);
    }

    static string Logs(StudyFolder study) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(study.Root, "slurm", "logs")).Order().Select(File.ReadAllText));

    [SlurmFact]
    public void An_array_trains_every_run_to_the_same_records_as_mnemo_run_and_a_second_submission_has_nothing_to_do()
    {
        using var dir = new TempDir();
        string[] options = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "2", "--epochs", "2"];
        var study = new StudyFolder(dir.Combine("slurm"));
        var (_, submitted, job) = Submit([.. options, "--out", study.Root]);
        log.WriteLine(submitted);
        try
        {
            var seen = new HashSet<string>();
            Wait.For(() =>
            {
                var (_, status) = CliRunner.Run("status", "--study", study.Root);
                if (status.Contains("running")) seen.Add(status);
                return Slurm.States(job).Length == 0;
            }, Limit, $"array job {job}");
            if (seen.Count > 0) log.WriteLine($"mnemo status while the array ran:\n{seen.First()}");
        }
        finally { Slurm.Cancel(job); }
        log.WriteLine(Logs(study));

        // A run can fail for reasons of its own (this machine's rare NaN faults: see the log); submitting
        // again is the remedy a user has, and it must cover only the runs not done.
        var failed = study.Runs(study.ReadManifest().Config).Where(r => !r.IsDone).ToList();
        if (failed.Count > 0)
        {
            log.WriteLine($"not done after the array: {string.Join(", ", failed.Select(r => r.Name))}; submitting again");
            var (_, resubmitted, retry) = Submit("--study", study.Root);
            Assert.Contains($"{failed.Count} to submit", resubmitted);
            try { Slurm.WaitUntilGone(retry, Limit); }
            finally { Slurm.Cancel(retry); }
        }

        var inProcess = new StudyFolder(dir.Combine("in-process"));
        var run = CliRunner.Run(["run", .. options, "--out", inProcess.Root, "--threads", "1"]);
        Assert.True(run.Exit == 0, run.Output);
        var config = study.ReadManifest().Config;
        foreach (var r in study.Runs(config))
        {
            Assert.True(r.IsDone, $"{r.Name} is not done:\n{Logs(study)}");
            Records.AssertSame(inProcess.Run(r.Paradigm, r.Seed), r);
        }
        Assert.Equal(4, Directory.GetFiles(Path.Combine(study.Root, "slurm", "logs"), $"{job}_*.out").Length);   // one log per task

        var again = CliRunner.Run("slurm", "--study", study.Root, "--mnemo", MnemoProcess.Dll);
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("nothing to submit", again.Output);
    }

    [SlurmFact]
    public void A_task_signalled_as_at_its_time_limit_requeues_itself_and_resumes_to_the_uninterrupted_records()
    {
        using var dir = new TempDir();
        string[] options = ["--preset", "smoke", "--paradigms", "simclr", "--models", "1", "--epochs", "6"];
        var study = new StudyFolder(dir.Combine("slurm"));
        var (_, _, job) = Submit([.. options, "--out", study.Root]);
        var run = study.Run("simclr", 0);
        try
        {
            Wait.For(() => run.ReadStatus()?.EpochsDone >= 1, Limit, "the first epoch");
            // What --signal=B:TERM@S does before the time limit: SIGTERM to the batch shell only.
            Slurm.Run("scancel", "--signal=TERM", "--batch", $"{job}_0");
            Wait.For(() => Logs(study).Contains("(restart 1)"), Limit, "the requeued task to start");
            Slurm.WaitUntilGone(job, Limit);
        }
        finally { Slurm.Cancel(job); }
        string logs = Logs(study);
        log.WriteLine(logs);
        Assert.Contains("checkpoint saved", logs);
        Assert.Contains("requeueing", logs);
        Assert.True(run.IsDone, logs);

        var inProcess = StudySetup.Prepare(dir.Combine("in-process"), new StudyOptions
        {
            Preset = "smoke", Paradigms = ["simclr"], Models = 1, Epochs = new() { ["*"] = 6 },
        });
        var whole = CliRunner.Run("train", "--study", inProcess.Root, "--paradigm", "simclr", "--seed", "0", "--threads", "1");
        Assert.True(whole.Exit == 0, whole.Output);
        Records.AssertSame(inProcess.Run("simclr", 0), run);
    }

    [SlurmFact]
    public void A_cancelled_task_keeps_its_checkpoint_and_is_not_requeued()
    {
        using var dir = new TempDir();
        var study = new StudyFolder(dir.Combine("slurm"));
        var (_, _, job) = Submit("--preset", "smoke", "--paradigms", "supervised", "--models", "1", "--epochs", "60", "--out", study.Root);
        var run = study.Run("supervised", 0);
        try
        {
            Wait.For(() => run.ReadStatus()?.EpochsDone >= 1, Limit, "the first epoch");
            Slurm.Run("scancel", job);
            Slurm.WaitUntilGone(job, Limit);
        }
        finally { Slurm.Cancel(job); }
        string logs = Logs(study);
        log.WriteLine(logs);
        Assert.Contains("not requeued", logs);
        Assert.Equal(RunState.Stopped, run.ReadStatus()!.State);
        Assert.NotNull(Checkpoint.Read(run));
        Assert.Contains("stopped", CliRunner.Run("status", "--study", study.Root).Output);
    }
}
