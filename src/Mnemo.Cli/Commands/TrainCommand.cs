using System.ComponentModel;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo train: one run of an existing study, resumed from its checkpoint if it has one.</summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainCommand.Settings>
{
    public sealed class Settings : RuntimeSettings
    {
        [CommandOption("--study <DIR>"), Description("Study folder (made by mnemo run, or mnemo slurm).")]
        public string Study { get; init; } = "";

        [CommandOption("--paradigm <P>"), Description("supervised, simclr, random-labels or random-labels-aug.")]
        public string Paradigm { get; init; } = "";

        [CommandOption("--seed <S>"), Description("Run index k in 0..N-1.")]
        public int Seed { get; init; } = -1;

        public override ValidationResult Validate()
        {
            if (Study.Length == 0) return ValidationResult.Error("--study is required");
            if (Paradigm.Length == 0) return ValidationResult.Error("--paradigm is required");
            if (Seed < 0) return ValidationResult.Error("--seed is required (0..N-1)");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        var folder = new StudyFolder(settings.Study);
        var config = folder.ReadManifest().Config;
        if (!config.Paradigms.Contains(settings.Paradigm))
            throw new MnemoException($"{folder.Root}: the study has no paradigm '{settings.Paradigm}' (it has {string.Join(", ", config.Paradigms)})");
        if (settings.Seed >= config.Models)
            throw new MnemoException($"--seed {settings.Seed}: the study has seeds 0..{config.Models - 1}");
        using var data = StudyData.Open(folder, device);
        var run = folder.Run(settings.Paradigm, settings.Seed);
        new RunProgress(console).Run([new RunWork(run.Name, RunCost.Of(config, data.Count, settings.Paradigm),
            report => RunTrainer.Train(data, folder, Paradigm.Get(settings.Paradigm), settings.Seed, report, cancel,
                line => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}")))]);
        console.MarkupLineInterpolated($"{run.Name} done: {run.Dir}");
        return 0;
    }
}
