namespace Mnemo.Study;

/// <summary>
/// Everything that differs between paradigms and that a study may change. The paper's values are
/// each paradigm's defaults (see its file under Paradigms/); presets and options override them.
/// </summary>
public sealed record ParadigmSettings
{
    /// <summary>t_max: training epochs; records have Epochs + 1 rows (epoch 0 is the initialisation).</summary>
    public int Epochs { get; init; }
    /// <summary>"sgd" (momentum) or "adam".</summary>
    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>Cosine schedule length in epochs (T_max), stepped once per epoch; null means Epochs.
    /// The authors' supervised run used 200 while training 50.</summary>
    public int? ScheduleEpochs { get; init; }
    /// <summary>Softmax temperature tau: 0.07 for SimCLR, 1 for classification.</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>d: width of the network's output layer (classes, or the SimCLR embedding).</summary>
    public int OutputDim { get; init; }
    /// <summary>"simclr", "crop-flip" or "none": the training augmentation, also used for the fixed evaluation views.</summary>
    public string Augmentation { get; init; } = "none";
    /// <summary>Per-channel normalisation after augmentation (the classification recipes normalise, SimCLR's does not).</summary>
    public bool Normalize { get; init; }
    /// <summary>SimCLR colour-jitter strength s: brightness, contrast, saturation 0.8s... (authors: s = 1 with (0.8, 0.8, 0.8, 0.2); the SimCLR paper's CIFAR recipe: 0.5).</summary>
    public double JitterStrength { get; init; } = 1.0;
    /// <summary>SimCLR Gaussian blur (kernel 3, sigma ~ U(0.1, 2)); the SimCLR paper's CIFAR recipe has none.</summary>
    public bool Blur { get; init; } = true;
    /// <summary>"linear" (the authors': one 512 -> d layer) or "mlp" (512 -> 512 -> ReLU -> d).</summary>
    public string Head { get; init; } = "linear";
}

/// <summary>The resolved settings of a study, saved in study.json; a study is resumed with exactly these.</summary>
public sealed record StudyConfig
{
    public string Preset { get; init; } = "demo";
    /// <summary>Data spec: fashion-mnist, mnist:DIR, idx:DIR, cifar10:DIR or synthetic.</summary>
    public string Data { get; init; } = "fashion-mnist";
    /// <summary>Training images used, drawn once from the study seed; null means the whole training split.</summary>
    public int? TrainSize { get; init; }
    public int Seed { get; init; }
    public string[] Paradigms { get; init; } = [];
    /// <summary>N: networks per paradigm, identical but for their seed.</summary>
    public int Models { get; init; }
    /// <summary>M: fixed augmentations per evaluation image (pairs of views for SimCLR).</summary>
    public int Augmentations { get; init; }
    /// <summary>K: evaluation images, drawn without replacement from the training images.</summary>
    public int EvalSize { get; init; }
    /// <summary>Channels of the ResNet's first stage (64 in the paper; stages are W, 2W, 4W, 8W).</summary>
    public int Width { get; init; } = 64;
    /// <summary>B: training batch size, all paradigms.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>SimCLR recognition is retrieval among 2B-1 views of a fixed batch of this many evaluation images.</summary>
    public int SimclrEvalBatch { get; init; } = 256;
    /// <summary>Mean-p levels at which paradigms are aligned (threshold epochs).</summary>
    public double[] Thresholds { get; init; } = [0.25, 0.5, 0.75];
    public Dictionary<string, ParadigmSettings> Settings { get; init; } = [];

    public ParadigmSettings For(string paradigm) =>
        Settings.TryGetValue(paradigm, out var s) ? s : throw new MnemoException($"study has no settings for paradigm '{paradigm}'");
}
