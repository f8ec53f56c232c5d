using Mnemo.Data;
using static TorchSharp.torch;

namespace Mnemo.Augmentations;

/// <summary>Per-channel standardisation of images in [0, 1], as torchvision's Normalize: (x - mean) / std.</summary>
public sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>x: float [B, C, H, W] on any device.</summary>
    public Tensor Apply(Tensor x) =>
        (x - tensor(Mean, device: x.device).view(1, -1, 1, 1)) / tensor(Std, device: x.device).view(1, -1, 1, 1);

    /// <summary>The paper's CIFAR-10 statistics.</summary>
    public static Normalization Cifar10 => new([0.4914f, 0.4822f, 0.4465f], [0.2023f, 0.1994f, 0.2010f]);

    /// <summary>Per-channel mean and (population) standard deviation of a set's pixels, scaled to [0, 1].</summary>
    public static Normalization Measure(ImageSet set)
    {
        var mean = new float[set.Channels];
        var std = new float[set.Channels];
        int plane = set.Height * set.Width;
        for (int c = 0; c < set.Channels; c++)
        {
            double sum = 0, sumSq = 0;
            for (int i = 0; i < set.Count; i++)
            {
                int offset = i * set.ImageSize + c * plane;
                for (int j = 0; j < plane; j++) { double v = set.Pixels[offset + j] / 255.0; sum += v; sumSq += v * v; }
            }
            double n = (double)set.Count * plane;
            mean[c] = (float)(sum / n);
            std[c] = (float)Math.Sqrt(Math.Max(sumSq / n - sum * sum / (n * n), 1e-12));
        }
        return new Normalization(mean, std);
    }
}
