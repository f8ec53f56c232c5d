using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Recording;
using static Mnemo.Paradigms.AugmentationKind;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>
/// The three classification paradigms: one network, one view per image, cross-entropy on the logits / tau,
/// and an image is recognised when the argmax of the logits is the label the network trains on. They differ
/// only in data: the labels (true, or the study's one permutation of them) and the augmentation.
/// </summary>
public sealed class Classification : Paradigm
{
    // The authors' optimiser for every classification paradigm: SGD, momentum 0.9, lr 3e-4, wd 1e-4, tau 1.
    static readonly ParadigmSettings Recipe = new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 3e-4, Momentum = 0.9, WeightDecay = 1e-4, Temperature = 1,
    };

    /// <summary>Supervised learning: true labels and the CIFAR crop-and-flip recipe, normalised.</summary>
    public static readonly Classification Supervised = new("supervised", "#1f77b4", trueLabels: true,
        // The authors trained 50 epochs on a cosine schedule laid out for 200.
        paper: Recipe with { Epochs = 50, ScheduleEpochs = 200, Augmentation = CropFlip, Normalize = true },
        // At SGD 0.05 (the calibration run's rate) the first epochs were chaotic (a run's p going 0.32 -> 0.13 ->
        // 0.52), each run favouring its own classes, so at the low levels where supervised meets SimCLR its
        // profile was as flat as SimCLR's. At 0.005 every run learns the same easy images first, as the paper's
        // slow 3e-4 over 196 steps an epoch does (README, "Calibration of supervised learning").
        cpu: s => s with { Epochs = 16, ScheduleEpochs = null, LearningRate = 0.005 });

    /// <summary>Random labels (Zhang et al. 2017) without augmentation or normalisation: the network can only memorise.</summary>
    public static readonly Classification RandomLabels = new("random-labels", "#2ca02c", trueLabels: false,
        paper: Recipe with { Epochs = 20 },
        // 3e-4 barely moves a network in the few hundred steps a CPU study affords.
        cpu: s => s with { LearningRate = 0.05 });

    /// <summary>Random labels with the supervised augmentation: a label that must survive augmentation, the
    /// classification analogue of SimCLR's task. It needs far more epochs (500 in the paper).</summary>
    public static readonly Classification RandomLabelsAug = new("random-labels-aug", "#9467bd", trueLabels: false,
        paper: Recipe with { Epochs = 500, Augmentation = CropFlip, Normalize = true },
        cpu: s => s with { Epochs = 56, LearningRate = 0.05 });

    readonly bool trueLabels;
    readonly ParadigmSettings paper;
    readonly Func<ParadigmSettings, ParadigmSettings> cpu;

    Classification(string name, string colour, bool trueLabels, ParadigmSettings paper, Func<ParadigmSettings, ParadigmSettings> cpu) =>
        (Name, Colour, this.trueLabels, this.paper, this.cpu) = (name, colour, trueLabels, paper, cpu);

    public override string Name { get; }
    public override string Colour { get; }

    public override ParadigmSettings Paper(int classes) => paper with { OutputDim = classes };

    public override ParadigmSettings Cpu(int classes) => cpu(Paper(classes));

    /// <summary>The random labels are one permutation of the true labels per study (class balance kept), shared by
    /// all N networks: p_t(x) averages over networks that all try to learn the same label for x.</summary>
    public override int[] TrainingLabels(StudyData data) => trueLabels ? data.TrueLabels : data.RandomLabels;

    public override (Tensor Loss, Tensor Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings s)
    {
        using Scalar tau = s.Temperature;   // held to the end: TorchSharp would let a GC free a temporary one mid-call
        var logits = model.call(views[0]) / tau;
        return (nn.functional.cross_entropy(logits, labels!), (logits.argmax(1) == labels!).sum());
    }

    public override RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, ParadigmSettings s)
    {
        var bits = new List<byte>();
        var margins = new List<Half>();
        var confidences = new List<Half>();
        using Scalar tau = s.Temperature;
        foreach (var views in evalViews)
        {
            using var scope = NewDisposeScope();
            var (b, m, c) = Recognition.FromLogits(Outputs(model, views[0]) / tau, evalLabels!);
            bits.AddRange(b);
            margins.AddRange(m);
            confidences.AddRange(c);
        }
        return new RecognitionRecord(bits.ToArray(), margins.ToArray(), Confidences: confidences.ToArray());
    }
}
