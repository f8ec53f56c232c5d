using System.Text.Json;

namespace Mnemo.Paradigms;

/// <summary>Setting values as study.json and the command line spell them.</summary>
public static class SettingText
{
    /// <summary>An enum value as a word: CropFlip -> crop-flip.</summary>
    public static string Of(Enum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}

/// <summary>torch.optim's SGD (with momentum) or Adam, both with L2 weight decay.</summary>
public enum OptimizerKind { Sgd, Adam }

/// <summary>The layer after the penultimate features: the authors' one linear layer, or SimCLR's MLP projection.</summary>
public enum HeadKind { Linear, Mlp }

/// <summary>
/// The training augmentation, also the distribution the fixed evaluation views are drawn from:
/// none; crop-flip (pad 4, crop back, h-flip: the CIFAR recipe); simclr (resized crop, h-flip,
/// colour jitter, grayscale, blur).
/// </summary>
public enum AugmentationKind { None, CropFlip, Simclr }

/// <summary>
/// Everything a study may change about one paradigm, saved in study.json under settings.&lt;paradigm&gt;.
/// Each paradigm's file gives its values (the authors' and the CPU presets'); both its loss and its
/// recognition read them from here.
/// </summary>
public sealed record ParadigmSettings
{
    /// <summary>t_max: training epochs; records have Epochs + 1 rows (epoch 0 is the initialisation).</summary>
    public int Epochs { get; init; }
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; }
    /// <summary>SGD's momentum (Adam uses torch's betas 0.9, 0.999).</summary>
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>Cosine schedule length in epochs (T_max), stepped once per epoch; null means Epochs.
    /// The authors' supervised run used 200 while training 50.</summary>
    public int? ScheduleEpochs { get; init; }
    /// <summary>Softmax temperature tau of the loss and of recognition's logits: 0.07 for SimCLR, 1 for classification.</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>d: width of the network's output layer (classes, or the SimCLR embedding).</summary>
    public int OutputDim { get; init; }
    public AugmentationKind Augmentation { get; init; } = AugmentationKind.None;
    /// <summary>Per-channel normalisation after augmentation (the classification recipes normalise, SimCLR's does not).</summary>
    public bool Normalize { get; init; }
    /// <summary>Colour-jitter strength s of the simclr augmentation: brightness, contrast, saturation 0.8 s, hue 0.2 s
    /// (the authors: s = 1; the SimCLR paper's CIFAR recipe: 0.5).</summary>
    public double JitterStrength { get; init; } = 1.0;
    /// <summary>Gaussian blur of the simclr augmentation (kernel 3, sigma ~ U(0.1, 2)); the SimCLR paper's CIFAR recipe has none.</summary>
    public bool Blur { get; init; } = true;
    public HeadKind Head { get; init; } = HeadKind.Linear;
    /// <summary>B of recognition by retrieval: the K evaluation images are cut into fixed consecutive batches of
    /// this many, and a view's candidates are the 2B - 1 other views of its batch. Null for paradigms that
    /// recognise by class.</summary>
    public int? EvalBatch { get; init; }
}
