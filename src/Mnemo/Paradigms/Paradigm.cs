using Mnemo.Models;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>What one evaluation of a network on the fixed views gives: flat [M * K] arrays, augmentation-major.</summary>
public sealed record RecognitionRecord(byte[] Bits, Half[] Margins, byte[]? ReverseBits = null, Half[]? ReverseMargins = null);

/// <summary>
/// A learning paradigm: everything that differs between supervised learning, SimCLR and the random-label
/// variants. Each lives in its own file: the paper's settings (optimiser, lr, augmentation, epochs,
/// temperature, output size), the labels it trains on, its loss, and how recognition is judged.
/// </summary>
public abstract class Paradigm
{
    public static readonly IReadOnlyList<Paradigm> All =
        [new Supervised(), new SimClr(), new RandomLabels(), new RandomLabelsAug()];

    public static Paradigm Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new MnemoException($"unknown paradigm '{name}' (use {string.Join(", ", All.Select(p => p.Name))})");

    public abstract string Name { get; }

    /// <summary>The authors' settings (METHOD.md, "Training settings").</summary>
    public abstract ParadigmSettings Defaults(int classes);

    /// <summary>Views per image: 1 for classification, a pair for SimCLR.</summary>
    public virtual int Views => 1;

    /// <summary>The label each training image is trained on (position in the study's training set), or null.</summary>
    public abstract int[]? TrainingLabels(StudyData data);

    /// <summary>
    /// views: Views tensors [B, C, H, W]; labels: int64 [B] or null. Returns the mean loss and the
    /// number of views the network got right in this batch (top-1 accuracy's numerator).
    /// </summary>
    public abstract (Tensor Loss, long Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings settings);

    /// <summary>
    /// Recognition of the K evaluation images under each of the M fixed augmentations, model in eval mode.
    /// evalViews[m][v]: [K, C, H, W]; evalLabels: int64 [K] or null.
    /// </summary>
    public abstract RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, StudyConfig config);

    public TorchSharp.Modules.OptimizerHelper CreateOptimizer(ResNet18 model, ParadigmSettings s) => s.Optimizer switch
    {
        "sgd" => new Training.ScalarSafeSgd(model.parameters(), s.LearningRate, s.Momentum, s.WeightDecay),
        "adam" => new Training.ScalarSafeAdam(model.parameters(), s.LearningRate, s.WeightDecay),
        _ => throw new MnemoException($"{Name}: unknown optimizer '{s.Optimizer}' (use sgd or adam)"),
    };

    /// <summary>Forward passes in chunks of this many views: recognition needs no gradients, only memory.</summary>
    protected const int EvalChunk = 512;

    protected static Tensor ForwardInChunks(ResNet18 model, Tensor views)
    {
        var outputs = new List<Tensor>();
        for (long start = 0; start < views.size(0); start += EvalChunk)
            outputs.Add(model.call(views.narrow(0, start, Math.Min(EvalChunk, views.size(0) - start))));
        return cat(outputs, 0);
    }
}
