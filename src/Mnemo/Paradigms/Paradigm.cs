using Mnemo.Data;
using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>What one evaluation of a network on the fixed views gives: flat [M * K] arrays, augmentation-major.
/// Confidences: the softmax probability of the right answer (see <see cref="Mnemo.Recording.Recognition"/>).</summary>
public sealed record RecognitionRecord(byte[] Bits, Half[] Margins, byte[]? ReverseBits = null, Half[]? ReverseMargins = null,
                                       Half[]? Confidences = null, Half[]? ReverseConfidences = null);

/// <summary>
/// A learning paradigm: everything that differs between supervised learning, SimCLR and the random-label
/// controls, and nothing else. A paradigm's file gives, in this order: its name and colour, the authors'
/// settings and what the CPU presets change (optimiser, learning rate, schedule, temperature, output size,
/// training augmentation: see <see cref="ParadigmSettings"/>), the labels it trains on, its loss, and how
/// recognition is judged. The training loop, the records and the analysis are the same for all.
/// Adding a paradigm: its file, one line in <see cref="All"/>, and its test.
/// </summary>
public abstract class Paradigm
{
    // Lazy: the instances are static fields of the subclasses, which are built after this type.
    // At a glance (the authors' settings; each file has the details and the CPU presets' values):
    static readonly Lazy<Paradigm[]> registry = new(() =>
    [
        Classification.Supervised,       // true labels, crop-flip + normalise, SGD 3e-4, cross-entropy; recognised: argmax = label
        SimClr.Instance,                 // no labels, two SimCLR views, Adam 3e-4, NT-Xent (tau 0.07, d 128); recognised: view 2 retrieved among 2B - 1
        Classification.RandomLabels,     // the study's permuted labels, no augmentation, otherwise as supervised
        Classification.RandomLabelsAug,  // the study's permuted labels, crop-flip + normalise, otherwise as supervised
    ]);

    /// <summary>Every paradigm, in the order studies, tables and figures list them.</summary>
    public static IReadOnlyList<Paradigm> All => registry.Value;

    public static Paradigm Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new MnemoException($"unknown paradigm '{name}' (use {string.Join(", ", All.Select(p => p.Name))})");

    public abstract string Name { get; }

    /// <summary>The paradigm's colour in every figure, as #rrggbb.</summary>
    public abstract string Colour { get; }

    /// <summary>Views per image the loss and recognition take: 1 for classification, a pair for SimCLR.</summary>
    public virtual int Views => 1;

    /// <summary>The authors' settings (the paper preset).</summary>
    public abstract ParadigmSettings Paper(int classes);

    /// <summary>What the CPU presets (smoke, demo, findings) run instead of <see cref="Paper"/>, and why (see the README's calibration).</summary>
    public abstract ParadigmSettings Cpu(int classes);

    /// <summary>The label each training image is trained on (by position in the study's training set), or null for none.</summary>
    public abstract int[]? TrainingLabels(StudyData data);

    /// <summary>
    /// views: <see cref="Views"/> tensors [B, C, H, W], already augmented; labels: int64 [B] or null. Returns the
    /// mean loss and how many of the B * Views views the network got right (top-1 accuracy's numerator), both
    /// on the device: the training loop adds them up there and reads them once an epoch.
    /// </summary>
    public abstract (Tensor Loss, Tensor Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings settings);

    /// <summary>
    /// Recognition of the K evaluation images under each of the M fixed augmentations, model in eval mode and
    /// without gradients. evalViews[m][v]: [K, C, H, W]; evalLabels: int64 [K] (the labels trained on) or null.
    /// </summary>
    public abstract RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, ParadigmSettings settings);

    /// <summary>Refuses settings this paradigm cannot train with, naming the key as study.json spells it.</summary>
    public virtual void Validate(ParadigmSettings s)
    {
        Require(s.Epochs >= 1, "epochs", $"must be at least 1 (got {s.Epochs})");
        Require(s.LearningRate > 0 && double.IsFinite(s.LearningRate), "learning_rate", $"must be positive (got {s.LearningRate})");
        Require(s.Momentum is >= 0 and < 1, "momentum", $"must be in [0, 1) (got {s.Momentum})");
        Require(s.WeightDecay >= 0 && double.IsFinite(s.WeightDecay), "weight_decay", $"must not be negative (got {s.WeightDecay})");
        Require(s.ScheduleEpochs is null or >= 1, "schedule_epochs", $"must be at least 1 (got {s.ScheduleEpochs})");
        Require(s.Temperature > 0 && double.IsFinite(s.Temperature), "temperature", $"must be positive (got {s.Temperature})");
        Require(s.OutputDim >= 2, "output_dim", $"must be at least 2 (got {s.OutputDim})");
        Require(s.JitterStrength >= 0 && double.IsFinite(s.JitterStrength), "jitter_strength", $"must not be negative (got {s.JitterStrength})");
    }

    protected void Require(bool ok, string key, string problem)
    {
        if (!ok) throw new MnemoException($"{Name}.{key} {problem}");
    }

    /// <summary>Recognition needs no gradients, only memory: forward passes in chunks of this many views.</summary>
    protected const int EvalChunk = 512;

    /// <summary>The network's output for every view: [n, d].</summary>
    protected static Tensor Outputs(ResNet18 model, Tensor views)
    {
        var outputs = new List<Tensor>();
        for (long start = 0; start < views.size(0); start += EvalChunk)
            outputs.Add(model.call(views.narrow(0, start, Math.Min(EvalChunk, views.size(0) - start))));
        return cat(outputs, 0);
    }
}
