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

        int steps = StepsPerEpoch(data);
        var work = pending.Select(run => (run.Name, Steps: (long)steps * config.For(run.Paradigm).Epochs,
            Train: (Action<Action<TrainProgress>>)(report => RunTrainer.Train(data, folder, run.Paradigm, run.Seed, report, cancel, Warn))));
        new RunProgress(console, pending.Count, work.Sum(w => w.Steps)).Run(work);
        console.MarkupLineInterpolated($"all {folder.Runs(config).Count()} runs done in {folder.Root}");
        ReportCommand.Write(console, folder.Root);
        return 0;
    }

    void Warn(string line) => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}");

    internal static int StepsPerEpoch(StudyData data) =>
        data.Count / data.Config.BatchSize + (data.Count % data.Config.BatchSize > 1 ? 1 : 0);
}
