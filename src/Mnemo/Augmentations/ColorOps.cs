using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Augmentations;

/// <summary>
/// Colour transforms with one factor per image (TorchVision's take one per call). Inputs and
/// outputs are float [B, C, H, W] in [0, 1]; single-channel images skip saturation and hue, as a
/// grey image has neither.
/// </summary>
static class ColorOps
{
    // TorchSharp 0.107 can let a garbage collection free a temporary Scalar (made from a number on the fly) while
    // libtorch still reads it (README, "Platform notes"): every number these ops take is a Scalar that lives as
    // long as the program.
    static readonly Scalar Zero = 0.0, One = 1.0, Two = 2.0, Four = 4.0, Six = 6.0;
    static readonly Scalar LumaRed = 0.299, LumaGreen = 0.587, LumaBlue = 0.114;
    static readonly Scalar[] Sectors = [0.0, 1.0, 2.0, 3.0, 4.0];

    static Tensor PerImage(float[] values, Device device) => tensor(values, device: device).view(-1, 1, 1, 1);

    /// <summary>ITU-R 601 luma, as TorchVision's rgb_to_grayscale: [B, 1, H, W].</summary>
    public static Tensor Gray(Tensor x) => x.size(1) == 1
        ? x
        : (LumaRed * x[.., 0..1]).Plus(LumaGreen * x[.., 1..2]).Plus(LumaBlue * x[.., 2..3]);

    /// <summary>Brightness, contrast, saturation, hue in that fixed order (TorchVision shuffles the order per call).</summary>
    public static Tensor Jitter(Tensor x, AugmentationParams p)
    {
        var device = x.device;
        var y = (x * PerImage(p.Brightness, device)).clamp(Zero, One);
        var mean = Gray(y).mean([1, 2, 3], keepdim: true);
        y = ((y - mean) * PerImage(p.Contrast, device)).Plus(mean).clamp(Zero, One);
        if (x.size(1) == 3)
        {
            var gray = Gray(y);
            y = ((y - gray) * PerImage(p.Saturation, device)).Plus(gray).clamp(Zero, One);
            y = ShiftHue(y, PerImage(p.Hue, device));
        }
        // Images that drew no jitter (p 0.2) keep their pixels exactly.
        var applied = tensor(p.Jitter, device: device).view(-1, 1, 1, 1);
        return where(applied, y, x);
    }

    public static Tensor RandomGrayscale(Tensor x, bool[] grayscale)
    {
        var chosen = tensor(grayscale, device: x.device).view(-1, 1, 1, 1);
        return where(chosen, Gray(x).expand_as(x), x);
    }

    /// <summary>Hue rotation by <paramref name="shift"/> turns ([B,1,1,1]) through HSV, as TorchVision's adjust_hue.</summary>
    static Tensor ShiftHue(Tensor rgb, Tensor shift)
    {
        var (r, g, b) = (rgb[.., 0], rgb[.., 1], rgb[.., 2]);
        var max = rgb.amax([1]);
        var min = rgb.amin([1]);
        var delta = max - min;
        var safeDelta = where(delta > Zero, delta, ones_like(delta));
        var safeMax = where(max > Zero, max, ones_like(max));
        var s = delta / safeMax;
        var rc = (max - r) / safeDelta;
        var gc = (max - g) / safeDelta;
        var bc = (max - b) / safeDelta;
        var h = where(max == r, bc - gc, where(max == g, rc.Plus(Two) - bc, gc.Plus(Four) - rc));
        h = where(delta > Zero, h / Six, zeros_like(h));
        h = h.Plus(shift.view(-1, 1, 1)).remainder(One);

        var v = max;
        var h6 = h * Six;
        var sector = h6.floor();
        var f = h6 - sector;
        sector = sector.remainder(Six);
        var p = v * s.From(One);
        var q = v * (s * f).From(One);
        var t = v * (s * f.From(One)).From(One);
        Tensor Pick(Tensor s0, Tensor s1, Tensor s2, Tensor s3, Tensor s4, Tensor s5) =>
            where(sector == Sectors[0], s0, where(sector == Sectors[1], s1, where(sector == Sectors[2], s2,
            where(sector == Sectors[3], s3, where(sector == Sectors[4], s4, s5)))));
        return stack([Pick(v, q, p, p, t, v), Pick(t, v, v, q, p, p), Pick(p, p, t, v, v, q)], 1).clamp(Zero, One);
    }

    /// <summary>3x3 Gaussian blur with a sigma per image and reflected borders, as one grouped convolution.</summary>
    public static Tensor GaussianBlur3(Tensor x, float[] sigma)
    {
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        var weights = new float[n * 9];
        for (int i = 0; i < n; i++)
        {
            if (sigma[i] <= 0) { weights[9 * i + 4] = 1; continue; }
            double side = Math.Exp(-1 / (2.0 * sigma[i] * sigma[i]));
            double[] k1 = [side, 1, side];
            double sum = k1.Sum();
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    weights[9 * i + 3 * a + b] = (float)(k1[a] * k1[b] / (sum * sum));
        }
        var kernel = tensor(weights, [n, 1, 1, 3, 3], device: x.device).expand(n, c, 1, 3, 3).reshape(n * c, 1, 3, 3);
        var padded = nn.functional.pad(x.reshape(1, n * c, h, w), [1, 1, 1, 1], PaddingModes.Reflect);
        return nn.functional.conv2d(padded, kernel, groups: n * c).reshape(n, c, h, w);
    }
}
