using Mnemo.Paradigms;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Augmentations;

/// <summary>
/// A training augmentation as a distribution over per-image parameters (<see cref="Sample"/>) and a
/// deterministic batched transform (<see cref="Apply"/>). TorchVision's transforms draw one set of
/// parameters per batch; here every image gets its own, from a seeded generator.
/// Kinds (<see cref="AugmentationKind"/>): none; crop-flip (pad 4, crop back to size, h-flip: the CIFAR
/// recipe); simclr (random resized crop, h-flip, colour jitter with p 0.8, grayscale p 0.2, blur).
/// </summary>
public sealed class Augmentation(AugmentationKind kind, int channels, int height, int width,
                                 Normalization? normalization = null, double jitterStrength = 1.0, bool blur = true)
{
    public AugmentationKind Kind { get; } = kind;
    public int Channels { get; } = channels;
    public int Height { get; } = height;
    public int Width { get; } = width;

    /// <summary>A paradigm's training augmentation for images of <paramref name="imageShape"/> [C, H, W];
    /// <paramref name="normalization"/> applies if its settings normalise.</summary>
    public static Augmentation For(ParadigmSettings s, int[] imageShape, Normalization normalization) =>
        new(s.Augmentation, imageShape[0], imageShape[1], imageShape[2], s.Normalize ? normalization : null, s.JitterStrength, s.Blur);

    public AugmentationParams Sample(int count, Random rng)
    {
        var p = new AugmentationParams(count, Height, Width);
        for (int i = 0; i < count; i++)
        {
            switch (Kind)
            {
                case AugmentationKind.CropFlip:
                    // RandomCrop(size, padding=4): an offset of -4..4 pixels in each direction.
                    p.Top[i] = rng.Next(9) - 4;
                    p.Left[i] = rng.Next(9) - 4;
                    p.Flip[i] = rng.NextDouble() < 0.5;
                    break;
                case AugmentationKind.Simclr:
                    SampleResizedCrop(p, i, rng);
                    p.Flip[i] = rng.NextDouble() < 0.5;
                    if (rng.NextDouble() < 0.8)
                    {
                        double s = jitterStrength;
                        p.Jitter[i] = true;
                        p.Brightness[i] = Uniform(rng, Math.Max(0, 1 - 0.8 * s), 1 + 0.8 * s);
                        p.Contrast[i] = Uniform(rng, Math.Max(0, 1 - 0.8 * s), 1 + 0.8 * s);
                        p.Saturation[i] = Uniform(rng, Math.Max(0, 1 - 0.8 * s), 1 + 0.8 * s);
                        p.Hue[i] = Uniform(rng, -0.2 * s, 0.2 * s);
                    }
                    p.Grayscale[i] = rng.NextDouble() < 0.2;
                    if (blur) p.BlurSigma[i] = Uniform(rng, 0.1, 2.0);
                    break;
            }
        }
        return p;
    }

    static float Uniform(Random rng, double lo, double hi) => (float)(lo + (hi - lo) * rng.NextDouble());

    // TorchVision's RandomResizedCrop(scale 0.08-1, ratio 3/4-4/3): scale is a fraction of the area.
    void SampleResizedCrop(AugmentationParams p, int i, Random rng)
    {
        double area = Height * Width, logLo = Math.Log(3.0 / 4), logHi = Math.Log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (0.08 + 0.92 * rng.NextDouble());
            double ratio = Math.Exp(logLo + (logHi - logLo) * rng.NextDouble());
            int w = (int)Math.Round(Math.Sqrt(target * ratio)), h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= Width && h <= Height)
            {
                p.Top[i] = rng.Next(Height - h + 1);
                p.Left[i] = rng.Next(Width - w + 1);
                (p.CropHeight[i], p.CropWidth[i]) = (h, w);
                return;
            }
        }
        // The fallback of TorchVision: a centre crop of the whole image.
        (p.Top[i], p.Left[i], p.CropHeight[i], p.CropWidth[i]) = (0, 0, Height, Width);
    }

    /// <summary>
    /// images: float [B, C, H, W] in [0, 1] on any device; returns the augmented (and, if the
    /// recipe says so, normalised) views, same shape.
    /// </summary>
    public Tensor Apply(Tensor images, AugmentationParams p)
    {
        using var scope = NewDisposeScope();
        var x = images;
        if (Kind != AugmentationKind.None)
            x = Geometry(x, p);
        if (p.AnyJitter)
            x = ColorOps.Jitter(x, p);
        if (p.AnyGrayscale && Channels == 3)
            x = ColorOps.RandomGrayscale(x, p.Grayscale);
        if (p.AnyBlur)
            x = ColorOps.GaussianBlur3(x, p.BlurSigma);
        if (normalization is not null)
            x = normalization.Apply(x);
        // A fresh handle even for the identity, so callers may dispose input and output independently.
        return (ReferenceEquals(x, images) ? x.alias() : x).MoveToOuterDisposeScope();
    }

    // Crop box (and flip) as one affine map per image, sampled bilinearly; outside the image is zero.
    // With align_corners=false, an integer shift lands exactly on pixel centres, so crop-flip is exact.
    Tensor Geometry(Tensor x, AugmentationParams p)
    {
        int n = p.Count;
        var theta = new float[n * 6];
        for (int i = 0; i < n; i++)
        {
            float sx = p.CropWidth[i] / Width, sy = p.CropHeight[i] / Height;
            theta[6 * i + 0] = p.Flip[i] ? -sx : sx;
            theta[6 * i + 2] = (2 * p.Left[i] + p.CropWidth[i]) / Width - 1;
            theta[6 * i + 4] = sy;
            theta[6 * i + 5] = (2 * p.Top[i] + p.CropHeight[i]) / Height - 1;
        }
        var grid = nn.functional.affine_grid(
            tensor(theta, [n, 2, 3], device: x.device), [n, Channels, Height, Width], align_corners: false);
        return nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }
}
