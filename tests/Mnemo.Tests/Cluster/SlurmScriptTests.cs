using Mnemo.Cluster;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>The array script `mnemo slurm` writes; these need no cluster.</summary>
public class SlurmScriptTests
{
    [Fact]
    public void A_dry_run_writes_one_task_per_unfinished_run_and_the_requeue_machinery()
    {
        using var dir = new TempDir();
        string study = dir.Combine("study");
        string[] options = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--epochs", "2", "--out", study];
        // Create the study, then mark supervised/seed-1 done by hand: it must not be submitted.
        var first = CliRunner.Run(["slurm", .. options, "--mnemo", MnemoProcess.Dll, "--dry-run"]);
        Assert.True(first.Exit == 0, first.Output);
        var folder = new StudyFolder(study);
        var done = folder.Run("supervised", 1);
        Directory.CreateDirectory(done.Dir);
        done.WriteStatus(new RunStatus { State = RunState.Done, EpochsDone = 2, Epochs = 2 });
        File.WriteAllBytes(done.RecognitionPath, [0]);

        var (exit, output) = CliRunner.Run(["slurm", .. options, "--mnemo", MnemoProcess.Dll, "--dry-run",
            "--partition", "gpu", "--time", "4:00:00", "--cpus-per-task", "3", "--gpus-per-task", "1", "--mem", "16G", "--max-parallel", "2"]);
        Assert.True(exit == 0, output);
        Assert.Contains("4 runs, 1 done, 0 being trained now, 3 to submit", output);
        Assert.Contains("not submitted (--dry-run)", output);

        var slurmDir = Path.Combine(study, "slurm");
        var script = Directory.GetFiles(slurmDir, "*.sbatch").OrderBy(File.GetLastWriteTimeUtc).Last();   // the second
        var tasks = Path.ChangeExtension(script, ".tasks");
        string text = File.ReadAllText(script);
        Assert.Contains("#SBATCH --array=0-2%2\n", text);
        Assert.Contains($"#SBATCH --output={slurmDir}/logs/%A_%a.out\n", text);
        Assert.Contains("#SBATCH --open-mode=append\n", text);
        Assert.Contains("#SBATCH --requeue\n", text);
        Assert.Contains("#SBATCH --signal=B:TERM@300\n", text);
        Assert.Contains("#SBATCH --cpus-per-task=3\n", text);
        Assert.Contains("#SBATCH --gpus-per-task=1\n", text);
        Assert.Contains("#SBATCH --mem=16G\n", text);
        Assert.Contains("#SBATCH --time=4:00:00\n", text);
        Assert.Contains("#SBATCH --partition=gpu\n", text);
        Assert.Contains($"{MnemoProcess.Dll} train --study {folder.Root} --paradigm \"$paradigm\" --seed \"$seed\" --threads 3 --device cuda &", text);
        Assert.Contains("scontrol requeue \"$task\"", text);
        Assert.True(Directory.Exists(Path.Combine(slurmDir, "logs")));
        Assert.Equal(["0\tsupervised\t0", "1\tsimclr\t0", "2\tsimclr\t1"],
            File.ReadAllLines(tasks).Where(l => !l.StartsWith('#')).ToArray());
    }

    [Fact]
    public void The_script_requeues_only_a_stopped_run_of_a_job_still_running()
    {
        var root = new StudyFolder("/data/studies/paper");
        string script = SlurmArray.Script(root, [new SlurmTask(0, "simclr", 7)], new SlurmOptions(), ["/opt/mnemo/mnemo"],
            "/data/studies/paper/slurm/a.tasks", "/data/studies/paper/slurm/logs", DateTimeOffset.UnixEpoch);
        // exit 130 = checkpoint saved on SIGTERM; a cancelled job (COMPLETING) is not brought back.
        Assert.Contains("if [ \"$rc\" -eq 130 ]; then", script);
        Assert.Contains("if [ \"$state\" = RUNNING ]; then", script);
        Assert.Contains("trap 'stopping=1;", script);
        Assert.Contains("/opt/mnemo/mnemo train --study /data/studies/paper --paradigm \"$paradigm\" --seed \"$seed\" --threads 4 --device cpu &", script);
        Assert.DoesNotContain("%", script.Split('\n').Single(l => l.StartsWith("#SBATCH --array")));
        Assert.Equal("'it'\\''s here'", SlurmArray.Quote("it's here"));
    }

    [Fact]
    public void Submitting_without_sbatch_is_a_one_line_error_and_a_finished_study_submits_nothing()
    {
        using var dir = new TempDir();
        string study = dir.Combine("study");
        string? path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", dir.Path);   // no sbatch here
            var (exit, output) = CliRunner.Run("slurm", "--preset", "smoke", "--paradigms", "supervised", "--models", "1",
                "--out", study, "--mnemo", MnemoProcess.Dll);
            Assert.Equal(2, exit);
            Assert.Contains("sbatch not found on PATH", output);
            Assert.DoesNotContain("   at ", output);
        }
        finally { Environment.SetEnvironmentVariable("PATH", path); }

        var run = new StudyFolder(study).Run("supervised", 0);
        Directory.CreateDirectory(run.Dir);
        run.WriteStatus(new RunStatus { State = RunState.Done });
        File.WriteAllBytes(run.RecognitionPath, [0]);
        var again = CliRunner.Run("slurm", "--study", study, "--mnemo", MnemoProcess.Dll);
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("nothing to submit", again.Output);
    }

    [Fact]
    public void In_process_without_mnemo_the_executable_must_be_named()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("slurm", "--preset", "smoke", "--out", dir.Combine("s"), "--dry-run");
        Assert.Equal(2, exit);
        Assert.Contains("--mnemo PATH", output);
    }
}
