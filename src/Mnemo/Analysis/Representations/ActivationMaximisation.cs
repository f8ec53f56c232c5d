using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Analysis.Representations;

/// <summary>Settings of activation maximisation: Adam on the pixels of an image that starts as faint noise on mid-grey.</summary>
public sealed record ActivationMaximisationOptions
{
    public int Steps { get; init; } = 200;
    public double LearningRate { get; init; } = 0.05;
    /// <summary>Adam's L2 decay on the image's departure from mid-grey, so pixels the channel ignores fade instead of drifting.</summary>
    public double Decay { get; init; } = 1e-4;
    /// <summary>Standard deviation of the starting noise, in pixel units (the image spans 0..1).</summary>
    public double InitialNoise { get; init; } = 0.01;
}

/// <summary>One channel's maximising image: [C, H, W] pixels (0.5 = mid-grey, not clipped), and the channel's mean activation before and after.</summary>
public sealed record MaximisedChannel(int Channel, float[] Image, double InitialActivation, double FinalActivation);

/// <summary>
/// Activation maximisation (Erhan et al. 2009): gradient ascent in pixel space on the mean activation of
/// one channel at the output of a ResNet stage, with the network in eval mode and its weights fixed.
/// </summary>
public static class ActivationMaximisation
{
    /// <summary>
    /// Maximises each of <paramref name="channels"/> of stage <paramref name="stage"/> (1..4) from its own
    /// image; the starting noise depends only on <paramref name="seed"/>, so every network starts alike.
    /// </summary>
    public static MaximisedChannel[] Maximise(StudyNetwork network, int stage, int[] channels, int[] imageShape,
                                              ActivationMaximisationOptions options, int seed, Device device)
    {
        if (stage is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(stage), stage, "ResNet stages are 1..4");
        var model = network.Model;
        model.eval();
        var weights = model.parameters().ToArray();
        var wanted = weights.Select(w => w.requires_grad).ToArray();
        // Gradients flow to the image only; the network's weights need none.
        foreach (var w in weights) w.requires_grad = false;
        try
        {
            using var scope = NewDisposeScope();
            int k = channels.Length;
            using var generator = new Generator((ulong)seed);
            using Scalar initialNoise = options.InitialNoise;   // held: TorchSharp would let a GC free a temporary one mid-call
            var noise = randn([k, imageShape[0], imageShape[1], imageShape[2]], generator: generator).mul_(initialNoise);
            var image = new Parameter(noise.to(device), requires_grad: true);
            using var adam = new Training.ScalarSafeAdam([image], options.LearningRate, options.Decay);
            double[] initial = Measure();
            for (int step = 0; step < options.Steps; step++)
            {
                using var stepScope = NewDisposeScope();
                adam.zero_grad();
                Tensor objective;
                using (NativeSetup.ForwardKernels(device))
                    objective = ChannelMeans(network, image, stage, channels).sum().neg();
                objective.backward();
                adam.step();
            }
            double[] final = Measure();
            var pixels = image.detach().Plus(MidGrey).cpu().data<float>().ToArray();
            int size = pixels.Length / k;
            return channels.Select((c, i) => new MaximisedChannel(c, pixels[(i * size)..((i + 1) * size)], initial[i], final[i])).ToArray();

            double[] Measure()
            {
                using var noGrad = no_grad();
                using var kernels = NativeSetup.ForwardKernels(device);
                using var means = ChannelMeans(network, image, stage, channels).cpu();
                return means.data<float>().Select(v => (double)v).ToArray();
            }
        }
        finally
        {
            for (int i = 0; i < weights.Length; i++) weights[i].requires_grad = wanted[i];
        }
    }

    // [k]: mean over positions of channel channels[i] of image i's stage output; 0.5 + image is the picture.
    static Tensor ChannelMeans(StudyNetwork network, Tensor image, int stage, int[] channels)
    {
        using var scope = NewDisposeScope();
        var output = network.Model.StageOutput(network.Input(image.Plus(MidGrey)), stage);
        return stack(channels.Select((c, i) => output[i, c].mean()).ToArray()).MoveToOuterDisposeScope();
    }

    // 0.5 as a Scalar that lives as long as the program (TorchSharp would let a GC free a temporary one mid-call).
    static readonly Scalar MidGrey = 0.5;

    /// <summary>Channels of stage <paramref name="stage"/> (of <paramref name="stageChannels"/>) to show, drawn from <paramref name="seed"/>, ascending.</summary>
    public static int[] ChooseChannels(int seed, int stage, int stageChannels, int count)
    {
        var drawn = Seeds.Permutation(stageChannels, new Random(Seeds.Derive(seed, "activation-channels", stage)));
        return drawn[..Math.Min(count, stageChannels)].Order().ToArray();
    }

    /// <summary>The paper's display: the image standardised to zero mean and unit variance, then squashed by the logistic
    /// function into [0, 1]. An image with a non-finite value shows as flat grey.</summary>
    public static float[] ForDisplay(float[] image)
    {
        if (!image.All(float.IsFinite)) return image.Select(_ => 0.5f).ToArray();
        double mean = image.Average(v => (double)v);
        double std = Math.Sqrt(image.Average(v => (v - mean) * (v - mean)));
        return image.Select(v => std > 0 ? (float)(1 / (1 + Math.Exp(-(v - mean) / std))) : 0.5f).ToArray();
    }
}
