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

    /// <summary>One CSV row per image: <paramref name="images"/> names them (training-set indices). Every float is
    /// written in its shortest round-trip form, so <see cref="AugmentationCsv.Read"/> gets the very same views back.</summary>
    public void AppendCsv(StringBuilder csv, IReadOnlyList<int> images, int augmentation, int view)
    {
        for (int i = 0; i < Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{images[i]},{augmentation},{view},");
            AppendFields(csv, i);
            csv.Append('\n');
        }
    }

    /// <summary>Image <paramref name="i"/>'s parameters, top to blur_sigma as <see cref="CsvHeader"/> names them, comma-separated.</summary>
    public void AppendFields(StringBuilder csv, int i)
    {
        var c = CultureInfo.InvariantCulture;
        csv.Append(c, $"{Top[i]},{Left[i]},{CropHeight[i]},{CropWidth[i]},{B(Flip[i])},{B(Jitter[i])},")
           .Append(c, $"{Brightness[i]},{Contrast[i]},{Saturation[i]},{Hue[i]},{B(Grayscale[i])},{BlurSigma[i]}");
        static int B(bool b) => b ? 1 : 0;
    }
}
