using System.ComponentModel;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo run: create or resume a study, train every unfinished run, then write the report.</summary>
public sealed class RunCommand(IAnsiConsole console) : Command<RunCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--jobs <J>"), Description("Runs trained at once, each by its own `mnemo train` process with threads/J threads. " +
            "Default: one per core on CPU (small networks use one core better than many), 1 on a GPU.")]
        public int? Jobs { get; init; }

        [CommandOption("--no-representations"), Description("Leave figures 6-7 and the linear probe out of the report (they load the networks and take the longest).")]
        public bool NoRepresentations { get; init; }

        [CommandOption("--retrain-damaged"), Description("Delete every run whose files are damaged or missing (see mnemo verify) and train it again. " +
            "Without it such runs are named, left as they are, and the report leaves them out.")]
        public bool RetrainDamaged { get; init; }

        public override ValidationResult Validate() =>
            Jobs is < 1 ? ValidationResult.Error("--jobs must be at least 1") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        var folder = StudySetup.Prepare(settings.OutDir, settings.ToOptions(), line => console.WriteLine(line));
        using var data = StudyData.Open(folder, device);
        var config = data.Config;
        var damaged = Damaged(folder, config, settings.RetrainDamaged);
        var pending = folder.Runs(config).Where(r => !r.IsDone && !damaged.Contains(r.Name)).ToList();
        console.MarkupLineInterpolated(
            $"study [bold]{folder.Root}[/] ({config.Preset}): {config.Paradigms.Length} paradigms x {config.Models} models, M={config.Augmentations}, K={config.EvalSize}, data {config.Data}; {pending.Count} runs to do on {device.type}");

        // A run that fails (run.json says why) does not stop the others; the next `mnemo run` retries it.
        // A run another live process is training (a second `mnemo run`, a Slurm task) is left to it and waited
        // for; if that process stops before the run is done, this one trains it.
        var pool = PoolFor(settings, device, pending.Count);
        var failed = new List<string>();
        var others = new OtherProcesses(console);
        for (var todo = pending; todo.Count > 0;)
        {
            var free = todo.Where(r => RunLock.LiveHolder(r) is null).ToList();
            var outcome = free.Count == 0 ? new RunPool.Outcome([], [])
                : pool is null ? TrainHere(data, folder, free, cancel)
                : pool.Train(folder, free.Select(r => (r, RunCost.Of(config, data.Count, r.Paradigm)))
                    // Longest first, so the last minutes do not leave all but one core idle.
                    .OrderByDescending(r => r.Item2.Total).ToList(), cancel);
            failed.AddRange(outcome.Failed);
            todo = others.WaitFor(todo.Except(free).Concat(outcome.Busy).ToList(), cancel);
        }
        if (failed.Count == 0 && damaged.Count == 0)
            console.MarkupLineInterpolated($"all {folder.Runs(config).Count()} runs done in {folder.Root}");
        ReportCommand.Write(console, folder.Root, settings.NoRepresentations ? null : device);
        if (damaged.Count > 0)
            console.MarkupLineInterpolated($"[red]{damaged.Count} damaged runs not retrained[/] ({string.Join(", ", damaged)}); give --retrain-damaged to delete and train them again.");
        if (failed.Count > 0)
            console.MarkupLineInterpolated($"[red]{failed.Count} runs failed[/] ({string.Join(", ", failed)}); run the same command again to retry them in a fresh process.");
        return failed.Count == 0 && damaged.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Runs whose files are damaged or missing (no process is training them): named, and with
    /// <paramref name="retrain"/> deleted so that they are trained again; returns those left as they are.</summary>
    HashSet<string> Damaged(StudyFolder folder, StudyConfig config, bool retrain)
    {
        var left = new HashSet<string>();
        foreach (var run in folder.Runs(config).Where(r => Directory.Exists(r.Dir) && RunLock.LiveHolder(r) is null))
        {
            var check = StudyVerify.Run(run, config);
            if (!check.IsDamaged) continue;
            if (!retrain)
            {
                console.MarkupLineInterpolated($"[red]damaged:[/] {run.Name}: {check.Describe()}");
                left.Add(run.Name);
                continue;
            }
            console.MarkupLineInterpolated($"[yellow]retraining damaged[/] {run.Name}: {check.Describe()}");
            using (RunLock.Acquire(run))
                foreach (var entry in Directory.EnumerateFileSystemEntries(run.Dir).Where(e => e != run.LockPath))
                    StorageException.Guard(entry, () => { if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true); else File.Delete(entry); });
        }
        return left;
    }

    /// <summary>The `mnemo train` processes to train with, several at once, or null to train in this process, one run after another.</summary>
    RunPool? PoolFor(Settings settings, TorchSharp.torch.Device device, int pending)
    {
        int jobs = Math.Min(settings.Jobs ?? (device.type == TorchSharp.DeviceType.CPU ? Environment.ProcessorCount : 1), pending);
        if (jobs <= 1) return null;
        var mnemo = MnemoExecutable.This();
        if (mnemo is null)
        {
            // Inside another program (a test host) this cannot start itself: only an explicit --jobs is an error.
            if (settings.Jobs is not null) throw new MnemoException("--jobs: mnemo runs inside another program here and cannot start itself; use --jobs 1");
            return null;
        }
        int threads = Math.Max(1, (settings.Threads ?? Environment.ProcessorCount) / jobs);
        console.MarkupLineInterpolated($"{jobs} runs at a time, {threads} thread{(threads > 1 ? "s" : "")} each; each run's output goes to train.log in its folder");
        return new RunPool(console, mnemo, jobs, ["--threads", threads.ToString(), "--device", settings.Device]);
    }

    RunPool.Outcome TrainHere(StudyData data, StudyFolder folder, IReadOnlyList<RunFolder> pending, CancellationToken cancel)
    {
        var failed = new List<string>();
        var busy = new List<RunFolder>();
        new RunProgress(console).Run(pending.Select(run => new RunWork(run.Name, RunCost.Of(data.Config, data.Count, run.Paradigm),
            report =>
            {
                try { RunTrainer.Train(data, folder, Paradigm.Get(run.Paradigm), run.Seed, report, cancel, Warn); }
                catch (RunLockedException) { busy.Add(run); }
                // A full or read-only disk stops the study (the next runs would meet it too); other errors, the run.
                catch (MnemoException e) when (e is not StorageException)
                {
                    failed.Add(run.Name);
                    console.MarkupLineInterpolated($"[red]failed:[/] {e.Message}");
                }
            })).ToList());
        return new RunPool.Outcome(failed, busy);
    }

    void Warn(string line) => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}");
}
