using Mnemo.Augmentations;

namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// Named covariates of the K·M image-augmentation pairs, each [M·K] with pair index m·K + k (the layout of
/// one recognition row [M, K]). Built from the parameters of the fixed evaluation views, as
/// augmentations/&lt;paradigm&gt;.csv stores them.
/// </summary>
public sealed record PairCovariates(int Augmentations, int Images, string[] Names, double[][] Values)
{
    /// <summary>Per view: the crop's area fraction crop_h·crop_w / (H·W) (the crop box as drawn, so a crop-flip
    /// crop that reaches into the padding still counts 1); log aspect log(crop_w / crop_h); the distance of the
    /// crop centre from the image centre over the image diagonal; flip; jitter applied; |brightness - 1|,
    /// |contrast - 1|, |saturation - 1|, |hue|; grayscale; blur sigma (0: none). Booleans are 0 or 1.</summary>
    public static readonly string[] ViewCovariates =
        ["crop_area", "log_aspect", "centre_offset", "flip", "jitter", "brightness_dev", "contrast_dev", "saturation_dev", "hue_abs", "grayscale", "blur_sigma"];

    /// <summary>The covariate named <paramref name="name"/>, [M·K].</summary>
    public double[] this[string name] =>
        Array.IndexOf(Names, name) is var i and >= 0 ? Values[i] : throw new KeyNotFoundException($"no covariate '{name}' (have {string.Join(", ", Names)})");

    /// <summary>
    /// Covariates from the views' parameters. One view per pair: <see cref="ViewCovariates"/>. Two views
    /// (SimCLR's pair: recognition is view 1 -> view 2): both views' covariates, prefixed v1_ (view 0 in the CSV)
    /// and v2_ (view 1), then crop_iou (intersection over union of the two crop boxes, in source pixels) and
    /// crop_area_diff (|area fraction of v1 - that of v2|).
    /// </summary>
    /// <param name="draws">[M][views]: the parameters of view v of augmentation m for the K images in evaluation order.</param>
    /// <param name="height">H of the source images, pixels.</param>
    /// <param name="width">W of the source images, pixels.</param>
    public static PairCovariates FromAugmentations(IReadOnlyList<IReadOnlyList<AugmentationParams>> draws, int height, int width)
    {
        if (height < 1 || width < 1) throw new ArgumentException($"pair covariates: image {height} x {width}");
        int m = draws.Count;
        if (m == 0) throw new ArgumentException("pair covariates: no augmentations");
        int views = draws[0].Count, k = draws[0].Count > 0 ? draws[0][0].Count : 0;
        if (views is not (1 or 2)) throw new ArgumentException($"pair covariates: {views} views per pair (1 or 2)");
        if (k == 0 || draws.Any(pair => pair.Count != views || pair.Any(p => p.Count != k)))
            throw new ArgumentException($"pair covariates: every augmentation needs {views} view(s) of the same {k} images");

        var perView = Enumerable.Range(0, views).Select(v => ViewValues(draws, v, k, height, width)).ToArray();
        if (views == 1) return new PairCovariates(m, k, [.. ViewCovariates], perView[0]);

        var iou = new double[m * k];
        var areaDiff = new double[m * k];
        for (int a = 0; a < m; a++)
        {
            var (v1, v2) = (draws[a][0], draws[a][1]);
            for (int i = 0; i < k; i++)
            {
                iou[a * k + i] = CropIou(v1, v2, i);
                areaDiff[a * k + i] = Math.Abs(perView[0][0][a * k + i] - perView[1][0][a * k + i]);
            }
        }
        string[] names = [.. ViewCovariates.Select(n => "v1_" + n), .. ViewCovariates.Select(n => "v2_" + n), "crop_iou", "crop_area_diff"];
        return new PairCovariates(m, k, names, [.. perView[0], .. perView[1], iou, areaDiff]);
    }

    // [covariate][M·K] for view v, in the order of ViewCovariates.
    static double[][] ViewValues(IReadOnlyList<IReadOnlyList<AugmentationParams>> draws, int view, int k, int height, int width)
    {
        int m = draws.Count;
        var values = ViewCovariates.Select(_ => new double[m * k]).ToArray();
        double area = (double)height * width, diagonal = Math.Sqrt((double)height * height + (double)width * width);
        for (int a = 0; a < m; a++)
        {
            var p = draws[a][view];
            for (int i = 0; i < k; i++)
            {
                int at = a * k + i;
                double h = p.CropHeight[i], w = p.CropWidth[i];
                double dy = p.Top[i] + h / 2 - height / 2.0, dx = p.Left[i] + w / 2 - width / 2.0;
                values[0][at] = h * w / area;
                values[1][at] = Math.Log(w / h);
                values[2][at] = Math.Sqrt(dx * dx + dy * dy) / diagonal;
                values[3][at] = p.Flip[i] ? 1 : 0;
                values[4][at] = p.Jitter[i] ? 1 : 0;
                values[5][at] = Math.Abs(p.Brightness[i] - 1.0);
                values[6][at] = Math.Abs(p.Contrast[i] - 1.0);
                values[7][at] = Math.Abs(p.Saturation[i] - 1.0);
                values[8][at] = Math.Abs((double)p.Hue[i]);
                values[9][at] = p.Grayscale[i] ? 1 : 0;
                values[10][at] = p.BlurSigma[i];
            }
        }
        return values;
    }

    static double CropIou(AugmentationParams v1, AugmentationParams v2, int i)
    {
        double top = Math.Max(v1.Top[i], v2.Top[i]), left = Math.Max(v1.Left[i], v2.Left[i]);
        double bottom = Math.Min(v1.Top[i] + v1.CropHeight[i], v2.Top[i] + v2.CropHeight[i]);
        double right = Math.Min(v1.Left[i] + v1.CropWidth[i], v2.Left[i] + v2.CropWidth[i]);
        double intersection = Math.Max(0, bottom - top) * Math.Max(0, right - left);
        double union = (double)v1.CropHeight[i] * v1.CropWidth[i] + (double)v2.CropHeight[i] * v2.CropWidth[i] - intersection;
        return intersection / union;
    }
}
