using Mnemo.Paradigms;

namespace Mnemo.Study;

/// <summary>
/// Named starting points for a study; options given on the command line override them.
/// <list type="bullet">
/// <item>smoke: seconds per run on synthetic data, for tests.</item>
/// <item>demo: a real Fashion-MNIST study that finishes in at most 15 minutes on 2 cores.</item>
/// <item>findings: the smallest Fashion-MNIST study in which the paper's three findings can be measured on a CPU.</item>
/// <item>paper: the authors' settings (CIFAR-10, ResNet-18, N = 30, M = 10, K = 1024).</item>
/// </list>
/// Each paradigm says what it runs on a CPU (<see cref="Paradigm.Cpu"/>); the CPU presets buy more models and
/// optimisation steps with less compute per step (a narrow network, a training subset) and use thresholds
/// every paradigm crosses (README, "Calibration").
/// </summary>
public static class Presets
{
    public static readonly string[] Names = ["smoke", "demo", "findings", "paper"];

    public static StudyConfig Get(string name, int classes) => name switch
    {
        "paper" => new StudyConfig
        {
            Preset = name, Data = "cifar10", Seed = 0, Paradigms = AllParadigms, Models = 30, Augmentations = 10, EvalSize = 1024,
            Width = 64, BatchSize = 256, Settings = Settings(p => p.Paper(classes)),
        },
        "smoke" => new StudyConfig
        {
            Preset = name, Data = "synthetic", TrainSize = 256, Seed = 0, Paradigms = AllParadigms, Models = 2, Augmentations = 2, EvalSize = 64,
            Width = 4, BatchSize = 64, Settings = Settings(p => p.Cpu(classes) with { Epochs = 2 }),
        },
        "demo" => new StudyConfig
        {
            Preset = name, Data = "fashion-mnist", TrainSize = 512, Seed = 0, Paradigms = AllParadigms, Models = 8, Augmentations = 4, EvalSize = 128,
            Width = 8, BatchSize = 64, Thresholds = [0.25, 0.3, 0.35], Settings = Settings(p => p.Cpu(classes)),
        },
        "findings" => new StudyConfig
        {
            Preset = name, Data = "fashion-mnist", TrainSize = 512, Seed = 0, Paradigms = AllParadigms, Models = 10, Augmentations = 4, EvalSize = 256,
            Width = 8, BatchSize = 64, Thresholds = [0.2, 0.3, 0.4],
            // Twice the demo's SimCLR steps and candidates (127): its findings hold at N = 10 (README, "Measured").
            Settings = Settings(p => p.Cpu(classes) switch
            {
                var s when p == SimClr.Instance => s with { Epochs = 80, EvalBatch = 64 },
                var s when p == Classification.RandomLabels => s with { Epochs = 25 },
                var s when p == Classification.RandomLabelsAug => s with { Epochs = 64 },
                var s => s,
            }),
        },
        _ => throw new MnemoException($"unknown preset '{name}' (use {string.Join(", ", Names)})"),
    };

    static string[] AllParadigms => [.. Paradigm.All.Select(p => p.Name)];

    static Dictionary<string, ParadigmSettings> Settings(Func<Paradigm, ParadigmSettings> of) =>
        Paradigm.All.ToDictionary(p => p.Name, of);
}
