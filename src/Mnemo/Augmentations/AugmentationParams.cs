using System.Globalization;
using System.Text;

namespace Mnemo.Augmentations;

/// <summary>
/// One draw of an augmentation for each of B images, the per-image parameters kept so a view can be
/// rebuilt exactly and its difficulty related to what was done to it. Crop boxes are in source
/// pixels and may reach outside the image (zero padding); identity values mean "not applied".
/// </summary>
public sealed class AugmentationParams
{
    public int Count { get; }
    public float[] Top, Left, CropHeight, CropWidth;
    public bool[] Flip;
    public bool[] Jitter;
    public float[] Brightness, Contrast, Saturation, Hue;
    public bool[] Grayscale;
    /// <summary>Gaussian blur sigma; 0 means no blur.</summary>
    public float[] BlurSigma;

    public AugmentationParams(int count, int height, int width)
    {
        Count = count;
        Top = new float[count]; Left = new float[count];
        CropHeight = Enumerable.Repeat((float)height, count).ToArray();
        CropWidth = Enumerable.Repeat((float)width, count).ToArray();
        Flip = new bool[count];
        Jitter = new bool[count];
        Brightness = Enumerable.Repeat(1f, count).ToArray();
        Contrast = Enumerable.Repeat(1f, count).ToArray();
        Saturation = Enumerable.Repeat(1f, count).ToArray();
        Hue = new float[count];
        Grayscale = new bool[count];
        BlurSigma = new float[count];
    }

    public bool AnyJitter => Jitter.Any(j => j);
    public bool AnyGrayscale => Grayscale.Any(g => g);
    public bool AnyBlur => BlurSigma.Any(s => s > 0);

    public const string CsvHeader =
        "image,augmentation,view,top,left,crop_height,crop_width,flip,jitter,brightness,contrast,saturation,hue,grayscale,blur_sigma";

    /// <summary>One CSV row per image: <paramref name="images"/> names them (training-set indices).</summary>
    public void AppendCsv(StringBuilder csv, IReadOnlyList<int> images, int augmentation, int view)
    {
        var c = CultureInfo.InvariantCulture;
        for (int i = 0; i < Count; i++)
            csv.Append(c, $"{images[i]},{augmentation},{view},{Top[i]},{Left[i]},{CropHeight[i]},{CropWidth[i]},")
               .Append(c, $"{B(Flip[i])},{B(Jitter[i])},{Brightness[i]:G6},{Contrast[i]:G6},{Saturation[i]:G6},{Hue[i]:G6},")
               .Append(c, $"{B(Grayscale[i])},{BlurSigma[i]:G6}\n");
        static int B(bool b) => b ? 1 : 0;
    }
}
