using System.ComponentModel;
using Mnemo.Data;
using Mnemo.Paradigms;
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

        public override ValidationResult Validate() =>
            Jobs is < 1 ? ValidationResult.Error("--jobs must be at least 1") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        var folder = StudySetup.Prepare(settings.OutDir, settings.ToOptions(), line => console.WriteLine(line));
        using var data = StudyData.Open(folder, device);
        var config = data.Config;
        var pending = folder.Runs(config).Where(r => !r.IsDone).ToList();
        console.MarkupLineInterpolated(
            $"study [bold]{folder.Root}[/] ({config.Preset}): {config.Paradigms.Length} paradigms x {config.Models} models, M={config.Augmentations}, K={config.EvalSize}, data {config.Data}; {pending.Count} runs to do on {device.type}");

        // A run that fails (run.json says why) does not stop the others; the next `mnemo run` retries it.
        var pool = PoolFor(settings, device, pending.Count);
        IReadOnlyList<string> failed = pool is null ? TrainHere(data, folder, pending, cancel)
            : pool.Train(folder, pending.Select(r => (r, RunCost.Of(config, data.Count, r.Paradigm)))
                // Longest first, so the last minutes do not leave all but one core idle.
                .OrderByDescending(r => r.Item2.Total).ToList(), cancel);
        if (failed.Count == 0)
            console.MarkupLineInterpolated($"all {folder.Runs(config).Count()} runs done in {folder.Root}");
        ReportCommand.Write(console, folder.Root, device);
        if (failed.Count == 0) return 0;
        console.MarkupLineInterpolated($"[red]{failed.Count} runs failed[/] ({string.Join(", ", failed)}); run the same command again to retry them in a fresh process.");
        return 1;
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

    List<string> TrainHere(StudyData data, StudyFolder folder, IReadOnlyList<RunFolder> pending, CancellationToken cancel)
    {
        var failed = new List<string>();
        new RunProgress(console).Run(pending.Select(run => new RunWork(run.Name, RunCost.Of(data.Config, data.Count, run.Paradigm),
            report =>
            {
                try { RunTrainer.Train(data, folder, Paradigm.Get(run.Paradigm), run.Seed, report, cancel, Warn); }
                catch (MnemoException e)
                {
                    failed.Add(run.Name);
                    console.MarkupLineInterpolated($"[red]failed:[/] {e.Message}");
                }
            })).ToList());
        return failed;
    }

    void Warn(string line) => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}");
}
