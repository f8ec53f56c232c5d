using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo run: create or resume a study, train every unfinished run, then write the report.</summary>
public sealed class RunCommand(IAnsiConsole console) : Command<StudySettings>
{
    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        var folder = StudySetup.Prepare(settings.OutDir, settings.ToOptions(), line => console.WriteLine(line));
        using var data = StudyData.Open(folder, device);
        var config = data.Config;
        var pending = folder.Runs(config).Where(r => !r.IsDone).ToList();
        console.MarkupLineInterpolated(
            $"study [bold]{folder.Root}[/] ({config.Preset}): {config.Paradigms.Length} paradigms x {config.Models} models, M={config.Augmentations}, K={config.EvalSize}, data {config.Data}; {pending.Count} runs to do on {device.type}");

        // A run that fails (run.json says why) does not stop the others; the next `mnemo run` retries it.
        var failed = new List<string>();
        new RunProgress(console).Run(pending.Select(run => new RunWork(run.Name, RunCost.Of(config, data.Count, run.Paradigm),
            report =>
            {
                try { RunTrainer.Train(data, folder, run.Paradigm, run.Seed, report, cancel, Warn); }
                catch (MnemoException e)
                {
                    failed.Add(run.Name);
                    console.MarkupLineInterpolated($"[red]failed:[/] {e.Message}");
                }
            })).ToList());
        if (failed.Count == 0)
            console.MarkupLineInterpolated($"all {folder.Runs(config).Count()} runs done in {folder.Root}");
        ReportCommand.Write(console, folder.Root, device);
        if (failed.Count == 0) return 0;
        console.MarkupLineInterpolated($"[red]{failed.Count} runs failed[/] ({string.Join(", ", failed)}); run the same command again to retry them in a fresh process.");
        return 1;
    }

    void Warn(string line) => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}");
}
