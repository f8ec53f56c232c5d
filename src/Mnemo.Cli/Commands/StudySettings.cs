using System.ComponentModel;
using System.Globalization;
using Mnemo.Study;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>The options that define a study; each overrides the preset (or, for an existing study, must match it).</summary>
public class StudySettings : RuntimeSettings
{
    [CommandOption("--preset <NAME>"), Description("smoke, demo (default), findings or paper.")]
    public string? Preset { get; init; }

    [CommandOption("--data <SPEC>"), Description("fashion-mnist (default), mnist:DIR, idx:DIR, cifar10:DIR or synthetic.")]
    public string? Data { get; init; }

    [CommandOption("--out <DIR>"), Description("Study folder (default: studies/<preset>). An existing study is resumed.")]
    public string? Out { get; init; }

    [CommandOption("--paradigms <LIST>"), Description("Comma-separated: supervised,simclr,random-labels,random-labels-aug.")]
    public string? Paradigms { get; init; }

    [CommandOption("--models <N>"), Description("N: networks per paradigm.")]
    public int? Models { get; init; }

    [CommandOption("--augmentations <M>"), Description("M: fixed augmentations per evaluation image.")]
    public int? Augmentations { get; init; }

    [CommandOption("--eval-size <K>"), Description("K: evaluation images drawn from the training images.")]
    public int? EvalSize { get; init; }

    [CommandOption("--train-size <N>"), Description("Training images used (0: the whole training split).")]
    public int? TrainSize { get; init; }

    [CommandOption("--width <W>"), Description("ResNet-18 width (64 in the paper).")]
    public int? Width { get; init; }

    [CommandOption("--batch-size <B>"), Description("Training batch size.")]
    public int? BatchSize { get; init; }

    [CommandOption("--simclr-eval-batch <B>"), Description("SimCLR recognition: retrieval among 2B-1 views of B evaluation images.")]
    public int? SimclrEvalBatch { get; init; }

    [CommandOption("--epochs <E>"), Description("Epochs for every paradigm (10) or per paradigm (supervised=10,simclr=40).")]
    public string? Epochs { get; init; }

    [CommandOption("--thresholds <LIST>"), Description("Mean-p levels to align paradigms at (default 0.25,0.5,0.75).")]
    public string? Thresholds { get; init; }

    [CommandOption("--set <KEY=VALUE>"), Description("Any paradigm setting as in study.json, e.g. simclr.learning_rate=0.003 or *.momentum=0.8. Repeatable.")]
    public string[]? Set { get; init; }

    [CommandOption("--keep-models <E>"), Description("Keep every run's network after epochs 0, E, 2E, ... (runs/<paradigm>/seed-<k>/models/epoch-<t>.safetensors). Default: only the final one.")]
    public int? KeepModels { get; init; }

    [CommandOption("--seed <S>"), Description("Study seed: evaluation set, random labels, fixed augmentations, run seeds.")]
    public int? Seed { get; init; }

    public string OutDir => Out ?? Path.Combine("studies", Preset ?? "demo");

    public StudyOptions ToOptions() => new()
    {
        Preset = Preset, Data = Data, TrainSize = TrainSize, Seed = Seed,
        Paradigms = Paradigms?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Models = Models, Augmentations = Augmentations, EvalSize = EvalSize, Width = Width,
        BatchSize = BatchSize, SimclrEvalBatch = SimclrEvalBatch,
        Thresholds = Thresholds is null ? null : ParseThresholds(Thresholds),
        Epochs = Epochs is null ? null : ParseEpochs(Epochs),
        Set = Set, KeepModels = KeepModels,
    };

    static Dictionary<string, int> ParseEpochs(string text)
    {
        if (int.TryParse(text, out int all)) return new() { ["*"] = all };
        var epochs = new Dictionary<string, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], out int e))
                throw new MnemoException($"--epochs: '{part}' is not paradigm=epochs (e.g. supervised=10,simclr=40)");
            epochs[kv[0]] = e;
        }
        return epochs;
    }

    /// <summary>--thresholds 0.25,0.5,0.75 (of `run` and of `report`).</summary>
    internal static double[] ParseThresholds(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => ParseDouble(t, "--thresholds")).ToArray();

    static double ParseDouble(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw new MnemoException($"{option}: '{text}' is not a number");

    public override ValidationResult Validate()
    {
        if (Preset is not null && !Presets.Names.Contains(Preset))
            return ValidationResult.Error($"--preset must be one of {string.Join(", ", Presets.Names)} (got '{Preset}')");
        return base.Validate();
    }
}
