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

        [CommandOption("--from-stdin"), Description("Train the runs named on standard input (a paradigm and a seed per line) one after another in this process, " +
                                                   $"each followed by a line '{RunEnded} CODE' with the exit code `mnemo train` would give it: how `mnemo run --jobs` feeds its processes.")]
        public bool FromStdin { get; init; }

        public override ValidationResult Validate()
        {
            if (Study.Length == 0) return ValidationResult.Error("--study is required");
            if (FromStdin && (Paradigm.Length > 0 || Seed >= 0)) return ValidationResult.Error("--from-stdin reads the runs from standard input: give no --paradigm or --seed");
            if (!FromStdin && Paradigm.Length == 0) return ValidationResult.Error("--paradigm is required");
            if (!FromStdin && Seed < 0) return ValidationResult.Error("--seed is required (0..N-1)");
            return base.Validate();
        }
    }

    /// <summary>What --from-stdin writes after each run, before its exit code.</summary>
    public const string RunEnded = "mnemo-train: end";

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        var folder = new StudyFolder(settings.Study);
        if (!settings.FromStdin)
        {
            CheckRun(folder, folder.ReadManifest().Config, settings.Paradigm, settings.Seed);   // before the data loads
            using var one = StudyData.Open(folder, device);
            Train(one, folder, settings.Paradigm, settings.Seed, cancel);
            return ExitCodes.Ok;
        }
        using var data = StudyData.Open(folder, device);
        // One process for many runs: the start (runtime, libtorch, the data) is paid once, not per run.
        while (!cancel.IsCancellationRequested && Console.In.ReadLine() is string line)
        {
            int code = ExitCodes.Ok;
            try
            {
                var (paradigm, seed) = ParseRun(line);
                CheckRun(folder, data.Config, paradigm, seed);
                Train(data, folder, paradigm, seed, cancel);
            }
            catch (Exception e) when (MnemoApp.ExitCodeOf(e) is not null)
            {
                code = MnemoApp.Report(console, e);
            }
            console.WriteLine($"{RunEnded} {code}");
            if (code is ExitCodes.Stopped or ExitCodes.Storage) return code;
        }
        return cancel.IsCancellationRequested ? ExitCodes.Stopped : ExitCodes.Ok;
    }

    static void CheckRun(StudyFolder folder, StudyConfig config, string paradigm, int seed)
    {
        if (!config.Paradigms.Contains(paradigm))
            throw new MnemoException($"{folder.Root}: the study has no paradigm '{paradigm}' (it has {string.Join(", ", config.Paradigms)})");
        if (seed >= config.Models)
            throw new MnemoException($"--seed {seed}: the study has seeds 0..{config.Models - 1}");
    }

    void Train(StudyData data, StudyFolder folder, string paradigm, int seed, CancellationToken cancel)
    {
        var run = folder.Run(paradigm, seed);
        new RunProgress(console).Run([new RunWork(run.Name, RunCost.Of(data.Config, data.Count, paradigm),
            report => RunTrainer.Train(data, folder, Paradigm.Get(paradigm), seed, report, cancel,
                line => console.MarkupLineInterpolated($"[yellow]warning:[/] {line}")))]);
        console.MarkupLineInterpolated($"{run.Name} done: {run.Dir}");
    }

    static (string Paradigm, int Seed) ParseRun(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var paradigm, var seed] && int.TryParse(seed, out int k) && k >= 0
            ? (paradigm, k)
            : throw new MnemoException($"--from-stdin: '{line}' is not a run (a paradigm and a seed, e.g. 'simclr 3')");
}
