using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class PairRegressionTests
{
    const int N = 30, M = 10, K = 512, Size = 32;

    /// <summary>Covariates of M draws of one view per image from an augmentation of kind <paramref name="kind"/>.</summary>
    internal static PairCovariates Covariates(AugmentationKind kind, int seed, int views = 1)
    {
        var augmentation = new Augmentation(kind, 3, Size, Size);
        var rng = new Random(seed);
        var draws = Enumerable.Range(0, M).Select(_ => Enumerable.Range(0, views).Select(_ => augmentation.Sample(K, rng)).ToArray()).ToArray();
        return PairCovariates.FromAugmentations(draws, Size, Size);
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Records at one epoch (epoch 0) where N networks recognise pair (k, m) with logit imageSd·z_k + effect(pair) - 0.3.</summary>
    internal static RecognitionCounts Plant(double imageSd, Func<int, double> effect, int seed)
    {
        var rng = new Random(seed);
        var image = Enumerable.Range(0, K).Select(_ => imageSd * Normal(rng)).ToArray();
        var counts = new int[M * K];
        for (int m = 0; m < M; m++)
            for (int k = 0; k < K; k++)
            {
                double p = 1 / (1 + Math.Exp(-(image[k] + effect(m * K + k) - 0.3)));
                for (int n = 0; n < N; n++) counts[m * K + k] += rng.NextDouble() < p ? 1 : 0;
            }
        return new RecognitionCounts(N, 0, M, K, counts);
    }

    [Fact]
    public void PlantedCropAreaEffectIsRecovered()
    {
        var covariates = Covariates(AugmentationKind.Simclr, 1);
        var area = covariates["crop_area"];
        var fit = PairDifficulty.Fit(Plant(1.0, i => 1.0 * area[i], 2), 0, covariates);
        Assert.True(fit.Converged);
        var effect = fit["crop_area"];
        Assert.True(Math.Abs(effect.Raw - 1.0) < 0.15, $"crop area: {effect.Raw} +/- {effect.RawError} per unit area fraction, planted 1.0");
        Assert.InRange(effect.RawError, 0.01, 0.1);
        Assert.True(effect.Z > 10 && effect.PValue < 1e-20, $"z {effect.Z}, p {effect.PValue}");
        Assert.Equal(effect.PerSd, effect.Raw * effect.CovariateSd, 12);
        foreach (var other in fit.Coefficients.Where(c => c.Name != "crop_area"))
            Assert.True(Math.Abs(other.Z) < 3, $"{other.Name}: z {other.Z}");
        Assert.Empty(fit.Dropped);
        Assert.Equal((M * K, N), (fit.Observations, fit.Trials));
    }

    [Fact]
    public void NoEffectIsFoundWhereNoneWasPlanted()
    {
        var covariates = Covariates(AugmentationKind.Simclr, 3);
        var fit = PairDifficulty.Fit(Plant(1.0, _ => 0, 4), 0, covariates);
        Assert.True(fit.Converged);
        Assert.Equal(PairCovariates.ViewCovariates.Length, fit.Coefficients.Length);
        Assert.All(fit.Coefficients, c => Assert.True(Math.Abs(c.Z) < 3, $"{c.Name}: z {c.Z}"));
        Assert.True(fit.DevianceExplained < 0.01, $"deviance explained {fit.DevianceExplained}");
        Assert.InRange(fit.Dispersion, 0.9, 1.3);
        Assert.True(fit.Deviance <= fit.NullDeviance);
    }

    [Fact]
    public void TheOffsetAbsorbsImageDifficulty()
    {
        // Strong image effects (sd 2.5 logits: many images never or always recognised) and no augmentation effect.
        var covariates = Covariates(AugmentationKind.Simclr, 5);
        var records = Plant(2.5, _ => 0, 6);
        var fit = PairDifficulty.Fit(records, 0, covariates);
        Assert.True(fit.Converged);
        Assert.All(fit.Coefficients, c => Assert.True(Math.Abs(c.Z) < 3, $"{c.Name}: z {c.Z}"));
        // With the offset, offset + intercept leaves about binomial noise (deviance ~ pairs); without it, image differences.
        var y = PairDifficulty.Successes(records, 0);
        var noOffset = OffsetBinomialRegression.Fit(y, N, new double[y.Length], covariates.Names, covariates.Values);
        Assert.True(fit.NullDeviance < 1.5 * M * K, $"null deviance with the offset {fit.NullDeviance} for {M * K} pairs");
        Assert.True(noOffset.NullDeviance > 10 * M * K, $"null deviance without the offset {noOffset.NullDeviance}");
        // Without it, the image differences are unexplained variance that the binomial standard errors ignore, so
        // covariates that do nothing look significant: the data would catch a fit that lost its offset.
        Assert.Contains(noOffset.Coefficients, c => Math.Abs(c.Z) > 3);
        Assert.True(noOffset.Dispersion > 5, $"dispersion without the offset {noOffset.Dispersion}");
        Assert.InRange(fit.Dispersion, 0.9, 1.3);
    }

    [Fact]
    public void TwoViewEffectsAreTold()
    {
        // SimCLR pairs: recognition falls as the views' crops overlap less; nothing else matters.
        var covariates = Covariates(AugmentationKind.Simclr, 7, views: 2);
        var iou = covariates["crop_iou"];
        var fit = PairDifficulty.Fit(Plant(1.0, i => 2.0 * iou[i], 8), 0, covariates);
        Assert.True(fit.Converged);
        Assert.True(Math.Abs(fit["crop_iou"].Raw - 2.0) < 0.3, $"crop IoU: {fit["crop_iou"].Raw} +/- {fit["crop_iou"].RawError}, planted 2.0");
        Assert.Equal(2 * PairCovariates.ViewCovariates.Length + 2, fit.Coefficients.Length);
        foreach (var other in fit.Coefficients.Where(c => c.Name != "crop_iou"))
            Assert.True(Math.Abs(other.Z) < 3.5, $"{other.Name}: z {other.Z}");
    }

    [Fact]
    public void ConstantCovariatesAreDroppedByName()
    {
        // Crop-flip moves a full-size crop by up to 4 pixels and flips it: only those two vary.
        var covariates = Covariates(AugmentationKind.CropFlip, 9);
        var fit = PairDifficulty.Fit(Plant(1.0, _ => 0, 10), 0, covariates);
        Assert.Equal(["centre_offset", "flip"], fit.Coefficients.Select(c => c.Name));
        Assert.Equal(["crop_area", "log_aspect", "jitter", "brightness_dev", "contrast_dev", "saturation_dev", "hue_abs", "grayscale", "blur_sigma"], fit.Dropped);
        var error = Assert.Throws<KeyNotFoundException>(() => fit["jitter"]);
        Assert.Contains("dropped", error.Message);
    }

    [Fact]
    public void OneBinaryCovariateMatchesTheClosedForm()
    {
        // Without offset, logit P = b0 + b1 x with x in {0, 1}: b0 = logit(p0), b1 = logit(p1) - logit(p0), and the
        // standard errors are 1 / sqrt(n p (1 - p)) per group, pooled over its trials.
        int[] y = [3, 5, 4, 8, 12, 10, 9, 11];
        double[] x = [0, 0, 0, 0, 1, 1, 1, 1];
        const int n = 20;
        var fit = OffsetBinomialRegression.Fit(y, n, new double[8], ["x"], [x]);
        double p0 = 20 / 80.0, p1 = 42 / 80.0;
        static double Logit(double p) => Math.Log(p / (1 - p));
        Assert.True(fit.Converged);
        Assert.Equal(Logit(p0), fit.Intercept, 6);
        Assert.Equal(Logit(p1) - Logit(p0), fit["x"].Raw, 6);
        Assert.Equal(1 / Math.Sqrt(80 * p0 * (1 - p0)), fit.InterceptError, 6);
        Assert.Equal(Math.Sqrt(1 / (80 * p0 * (1 - p0)) + 1 / (80 * p1 * (1 - p1))), fit["x"].RawError, 6);
        // The saturated-in-groups model: what remains is the spread within groups; offset + intercept alone sees more.
        Assert.True(fit.NullDeviance > fit.Deviance && fit.DevianceExplained > 0.5);

        // Units: x in tenths scales the raw coefficient, not z or the fit; shifting x moves only the raw intercept.
        var tenths = OffsetBinomialRegression.Fit(y, n, new double[8], ["x"], [x.Select(v => 10 * v).ToArray()]);
        Assert.Equal(fit["x"].Raw / 10, tenths["x"].Raw, 8);
        Assert.Equal(fit["x"].Z, tenths["x"].Z, 6);
        Assert.Equal(fit.Deviance, tenths.Deviance, 6);
        var shifted = OffsetBinomialRegression.Fit(y, n, new double[8], ["x"], [x.Select(v => v + 5).ToArray()]);
        Assert.Equal(fit.Intercept - 5 * fit["x"].Raw, shifted.Intercept, 6);
        Assert.Equal(fit.InterceptAtMeans, shifted.InterceptAtMeans, 8);

        // An offset of +1 everywhere lowers the intercept by 1.
        var offset = OffsetBinomialRegression.Fit(y, n, Enumerable.Repeat(1.0, 8).ToArray(), ["x"], [x]);
        Assert.Equal(fit.Intercept - 1, offset.Intercept, 6);
        Assert.Equal(fit["x"].Raw, offset["x"].Raw, 6);
    }

    [Fact]
    public void OffsetsAreLeaveOneOut()
    {
        // One image, M = 3 pairs, N = 10: the offset of pair m comes from the other two, (S - y_m + 0.5) / (2·10 + 1).
        var offsets = PairDifficulty.LeaveOneOutOffsets([2, 5, 9], 3, 1, 10);
        static double Logit(double p) => Math.Log(p / (1 - p));
        Assert.Equal([Logit(14.5 / 21), Logit(11.5 / 21), Logit(7.5 / 21)], offsets);
        // Never recognised: finite, from the smoothing.
        Assert.Equal(Logit(0.5 / 21), PairDifficulty.LeaveOneOutOffsets([0, 0, 0], 3, 1, 10)[0], 12);
        // Layout m·K + k: two images, two pairs each.
        Assert.Equal([Logit(4.5 / 11), Logit(0.5 / 11), Logit(1.5 / 11), Logit(10.5 / 11)], PairDifficulty.LeaveOneOutOffsets([1, 10, 4, 0], 2, 2, 10));
        // M = 1: nothing to leave out, no offset.
        Assert.Equal([0.0, 0.0], PairDifficulty.LeaveOneOutOffsets([3, 7], 1, 2, 10));
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OffsetBinomialRegression.Fit([3, 21], 20, new double[2], [], []));
        Assert.Throws<ArgumentException>(() => OffsetBinomialRegression.Fit([3, 2], 20, new double[3], [], []));
        Assert.Throws<ArgumentException>(() => OffsetBinomialRegression.Fit([3, 2], 20, [0, double.NaN], [], []));
        Assert.Throws<ArgumentException>(() => OffsetBinomialRegression.Fit([3, 2], 20, new double[2], ["x"], [new double[3]]));
        var covariates = Covariates(AugmentationKind.Simclr, 11);
        Assert.Throws<ArgumentException>(() => PairDifficulty.Fit(new RecognitionCounts(N, 0, M, K + 1, new int[M * (K + 1)]), 0, covariates));
    }
}
