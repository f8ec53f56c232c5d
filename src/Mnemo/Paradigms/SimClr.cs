using Mnemo.Models;
using Mnemo.Recording;
using Mnemo.Study;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>
/// SimCLR (Chen et al. 2020) as the authors ran it: two strongly augmented views per image, NT-Xent
/// over the 2B - 1 other views of the batch, Adam, tau = 0.07, a linear 512 -> 128 head. No labels:
/// a network recognises an image when, among the 2B - 1 views of a fixed evaluation batch, the view
/// most similar to view 1 is view 2 of the same image.
/// </summary>
public sealed class SimClr : Paradigm
{
    public override string Name => "simclr";

    public override int Views => 2;

    public override ParadigmSettings Defaults(int classes) => new()
    {
        Epochs = 200,
        Optimizer = "adam", LearningRate = 3e-4, WeightDecay = 1e-4,
        Temperature = 0.07, OutputDim = 128,
        Augmentation = "simclr", Normalize = false, JitterStrength = 1.0, Blur = true, Head = "linear",
    };

    public override int[]? TrainingLabels(StudyData data) => null;

    public override (Tensor Loss, long Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings s)
    {
        var z = model.call(cat([views[0], views[1]], 0));
        return NtXent(z, s.Temperature);
    }

    /// <summary>
    /// NT-Xent: z [2B, d], rows i and B + i are the two views of image i. Cross-entropy of each view's
    /// cosine similarities / tau to the other 2B - 1 views, the positive being its pair.
    /// Correct counts the views whose top similarity is their pair (SimCLR's top-1).
    /// </summary>
    public static (Tensor Loss, long Correct) NtXent(Tensor z, double temperature)
    {
        long b = z.size(0) / 2;
        z = nn.functional.normalize(z, dim: 1);
        var logits = z.matmul(z.t()) / temperature;
        logits = logits.masked_fill(eye(2 * b, dtype: ScalarType.Bool, device: z.device), float.NegativeInfinity);
        var positives = cat([arange(b, 2 * b), arange(0, b)]).to(z.device);
        var loss = nn.functional.cross_entropy(logits, positives);
        long correct = (logits.argmax(1) == positives).sum().item<long>();
        return (loss, correct);
    }

    public override RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, StudyConfig config)
    {
        double tau = config.For(Name).Temperature;
        int batch = config.SimclrEvalBatch;
        var bits = new List<byte>(); var margins = new List<Half>();
        var reverse = new List<byte>(); var reverseMargins = new List<Half>();
        foreach (var views in evalViews)
        {
            using var scope = NewDisposeScope();
            var z1 = ForwardInChunks(model, views[0]);
            var z2 = ForwardInChunks(model, views[1]);
            // The same consecutive partition of X into evaluation batches for every model and epoch.
            for (long start = 0; start < z1.size(0); start += batch)
            {
                long end = Math.Min(start + batch, z1.size(0));
                var r = Recognition.Retrieval(z1.narrow(0, start, end - start), z2.narrow(0, start, end - start), tau);
                bits.AddRange(r.Bits); margins.AddRange(r.Margins);
                reverse.AddRange(r.ReverseBits); reverseMargins.AddRange(r.ReverseMargins);
            }
        }
        return new RecognitionRecord(bits.ToArray(), margins.ToArray(), reverse.ToArray(), reverseMargins.ToArray());
    }
}
