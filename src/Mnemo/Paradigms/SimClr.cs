using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Recording;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>
/// SimCLR (Chen et al. 2020) as the authors ran it: no labels, two strongly augmented views per image,
/// NT-Xent over the 2B - 1 other views of the batch, Adam, tau = 0.07, a linear 512 -> 128 head. A network
/// recognises an image when, among the 2B - 1 other views of its fixed evaluation batch, the view most
/// similar to view 1 is view 2 of the same image: the same logits as the loss, on the fixed views.
/// </summary>
public sealed class SimClr : Paradigm
{
    public static readonly SimClr Instance = new();

    SimClr() { }

    public override string Name => "simclr";
    public override string Colour => "#d62728";
    public override int Views => 2;

    public override ParadigmSettings Paper(int classes) => new()
    {
        Epochs = 200,
        Optimizer = OptimizerKind.Adam, LearningRate = 3e-4, WeightDecay = 1e-4,
        Temperature = 0.07, OutputDim = 128, Head = HeadKind.Linear,
        Augmentation = AugmentationKind.Simclr, Normalize = false, JitterStrength = 1.0, Blur = true,
        EvalBatch = 256,
    };

    // Retrieval is bound by optimisation steps, and on 28x28 grey images the authors' augmentation (jitter 0.8,
    // blur) kept it near 0.14 after 30 epochs of 8 steps; the SimCLR paper's own CIFAR recipe (jitter 0.5, no
    // blur) with Adam 3e-3 reached 0.27 in the same steps (README, "Calibration"). 31 candidates instead of 511
    // make retrieval easier, so it starts rising within a CPU study's epochs; study.json records it.
    public override ParadigmSettings Cpu(int classes) => Paper(classes) with
    {
        Epochs = 36, LearningRate = 3e-3, JitterStrength = 0.5, Blur = false, EvalBatch = 32,
    };

    public override int[]? TrainingLabels(StudyData data) => null;

    public override void Validate(ParadigmSettings s)
    {
        base.Validate(s);
        Require(s.EvalBatch >= 2, "eval_batch", $"must be at least 2, the images of one retrieval batch (got {s.EvalBatch?.ToString() ?? "none"})");
    }

    public override (Tensor Loss, Tensor Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings s) =>
        NtXent(model.call(cat([views[0], views[1]], 0)), s.Temperature);

    /// <summary>NT-Xent of embeddings z [2B, d] (rows i and B + i: the two views of image i); Correct counts the
    /// views whose most similar other view is their pair (SimCLR's top-1).</summary>
    public static (Tensor Loss, Tensor Correct) NtXent(Tensor z, double temperature)
    {
        var (logits, positives) = PairLogits(z, temperature);
        return (nn.functional.cross_entropy(logits, positives), (logits.argmax(1) == positives).sum());
    }

    /// <summary>
    /// z: [2n, d], rows i and n + i the two views of image i. Returns the logits [2n, 2n], cosine similarities / tau
    /// of every view to every other (its own masked to -inf, so a view is never its own match), and each row's
    /// positive: row i is right at column n + i, row n + i at column i.
    /// </summary>
    public static (Tensor Logits, Tensor Positives) PairLogits(Tensor z, double temperature)
    {
        long n = z.size(0) / 2;
        z = nn.functional.normalize(z, dim: 1);
        using Scalar tau = temperature;   // held to the end: TorchSharp would let a GC free a temporary one mid-call
        var logits = z.matmul(z.t()) / tau;
        logits = logits.masked_fill(eye(2 * n, dtype: ScalarType.Bool, device: z.device), Recognition.MinusInfinity);
        // Built on the host: arange would take its bounds as temporary Scalars.
        var positives = tensor(Enumerable.Range((int)n, (int)n).Concat(Enumerable.Range(0, (int)n)).Select(i => (long)i).ToArray(), device: z.device);
        return (logits, positives);
    }

    /// <summary>Retrieval within one evaluation batch: z1, z2 [n, d] embed view 1 and view 2 of the same n images.
    /// Forward: view 1 -> view 2, the primary measure; reverse: view 2 -> view 1. Confidences: the softmax probability
    /// of the positive among the 2n - 1 candidates.</summary>
    public static (byte[] Bits, Half[] Margins, byte[] ReverseBits, Half[] ReverseMargins, Half[] Confidences, Half[] ReverseConfidences)
        Retrieve(Tensor z1, Tensor z2, double temperature)
    {
        using var scope = NewDisposeScope();
        int n = (int)z1.size(0);
        var (logits, positives) = PairLogits(cat([z1, z2], 0), temperature);
        var (bits, margins, confidences) = Recognition.FromLogits(logits, positives);
        return (bits[..n], margins[..n], bits[n..], margins[n..], confidences[..n], confidences[n..]);
    }

    public override RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, ParadigmSettings s)
    {
        int batch = s.EvalBatch!.Value;
        var bits = new List<byte>(); var margins = new List<Half>(); var confidences = new List<Half>();
        var reverse = new List<byte>(); var reverseMargins = new List<Half>(); var reverseConfidences = new List<Half>();
        foreach (var views in evalViews)
        {
            using var scope = NewDisposeScope();
            var z1 = Outputs(model, views[0]);
            var z2 = Outputs(model, views[1]);
            // The same consecutive partition of X into evaluation batches for every model and epoch.
            for (long start = 0; start < z1.size(0); start += batch)
            {
                long n = Math.Min(batch, z1.size(0) - start);
                var r = Retrieve(z1.narrow(0, start, n), z2.narrow(0, start, n), s.Temperature);
                bits.AddRange(r.Bits); margins.AddRange(r.Margins); confidences.AddRange(r.Confidences);
                reverse.AddRange(r.ReverseBits); reverseMargins.AddRange(r.ReverseMargins); reverseConfidences.AddRange(r.ReverseConfidences);
            }
        }
        return new RecognitionRecord(bits.ToArray(), margins.ToArray(), reverse.ToArray(), reverseMargins.ToArray(),
                                     confidences.ToArray(), reverseConfidences.ToArray());
    }
}
