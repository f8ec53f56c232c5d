using Mnemo.Analysis.Difficulty;
using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class PairCovariateTests
{
    const int H = 32, W = 32;

    [Fact]
    public void OneViewCovariatesFromHandMadeParameters()
    {
        // Two images, M = 2. Augmentation 0: a 16 x 32 (h x w) crop at the top of image 0, jittered; image 1 as crop-flip
        // shifts it, 4 up and 4 right (into the padding), flipped. Augmentation 1: identity for both.
        var a0 = new AugmentationParams(2, H, W);
        (a0.Top[0], a0.Left[0], a0.CropHeight[0], a0.CropWidth[0]) = (0, 0, 16, 32);
        (a0.Jitter[0], a0.Brightness[0], a0.Contrast[0], a0.Saturation[0], a0.Hue[0]) = (true, 1.5f, 0.75f, 1.25f, -0.125f);
        (a0.Grayscale[0], a0.BlurSigma[0]) = (true, 0.5f);
        (a0.Top[1], a0.Left[1], a0.Flip[1]) = (-4, 4, true);
        var a1 = new AugmentationParams(2, H, W);
        var c = PairCovariates.FromAugmentations([[a0], [a1]], H, W);

        Assert.Equal(PairCovariates.ViewCovariates, c.Names);
        Assert.Equal((2, 2), (c.Augmentations, c.Images));
        // Pair index m·K + k.
        Assert.Equal([0.5, 1, 1, 1], c["crop_area"]);
        // log(crop_w / crop_h): wider than high is positive.
        Assert.Equal([Math.Log(2), 0, 0, 0], c["log_aspect"]);
        double diagonal = Math.Sqrt(H * H + W * W);
        // Crop centre (row 8, column 16) against the image centre (16, 16); the shifted crop's centre is (12, 20).
        Assert.Equal([8 / diagonal, Math.Sqrt(32) / diagonal, 0, 0], c["centre_offset"]);
        Assert.Equal([0.0, 1, 0, 0], c["flip"]);
        Assert.Equal([1.0, 0, 0, 0], c["jitter"]);
        Assert.Equal([0.5, 0, 0, 0], c["brightness_dev"]);
        Assert.Equal([0.25, 0, 0, 0], c["contrast_dev"]);
        Assert.Equal([0.25, 0, 0, 0], c["saturation_dev"]);
        Assert.Equal([0.125, 0, 0, 0], c["hue_abs"]);
        Assert.Equal([1.0, 0, 0, 0], c["grayscale"]);
        Assert.Equal([0.5, 0, 0, 0], c["blur_sigma"]);
        Assert.Throws<KeyNotFoundException>(() => c["v1_crop_area"]);
    }

    [Fact]
    public void TwoViewPairsNameBothViewsAndTheirOverlap()
    {
        // One image, M = 1: view 1 the top-left 16 x 16 quarter, view 2 the 16 x 32 top half.
        var v1 = new AugmentationParams(1, H, W);
        (v1.CropHeight[0], v1.CropWidth[0]) = (16, 16);
        var v2 = new AugmentationParams(1, H, W);
        (v2.CropHeight[0], v2.CropWidth[0], v2.Flip[0]) = (16, 32, true);
        var c = PairCovariates.FromAugmentations([[v1, v2]], H, W);

        Assert.Equal(2 * PairCovariates.ViewCovariates.Length + 2, c.Names.Length);
        Assert.Equal("v1_crop_area", c.Names[0]);
        Assert.Equal("v2_crop_area", c.Names[PairCovariates.ViewCovariates.Length]);
        Assert.Equal([0.25], c["v1_crop_area"]);
        Assert.Equal([0.5], c["v2_crop_area"]);
        Assert.Equal([0.0], c["v1_flip"]);
        Assert.Equal([1.0], c["v2_flip"]);
        // Intersection 256 px², union 256 + 512 - 256.
        Assert.Equal([0.5], c["crop_iou"]);
        Assert.Equal([0.25], c["crop_area_diff"]);

        // Disjoint boxes do not overlap; identical boxes overlap fully.
        var apart = new AugmentationParams(1, H, W);
        (apart.Top[0], apart.CropHeight[0], apart.CropWidth[0]) = (16, 16, 16);
        Assert.Equal([0.0], PairCovariates.FromAugmentations([[v1, apart]], H, W)["crop_iou"]);
        Assert.Equal([1.0], PairCovariates.FromAugmentations([[v1, v1]], H, W)["crop_iou"]);
    }

    [Fact]
    public void MismatchedDrawsAreRejected()
    {
        var two = new AugmentationParams(2, H, W);
        var three = new AugmentationParams(3, H, W);
        Assert.Throws<ArgumentException>(() => PairCovariates.FromAugmentations([[two], [three]], H, W));
        Assert.Throws<ArgumentException>(() => PairCovariates.FromAugmentations([[two], [two, two]], H, W));
        Assert.Throws<ArgumentException>(() => PairCovariates.FromAugmentations([[two, two, two]], H, W));
        Assert.Throws<ArgumentException>(() => PairCovariates.FromAugmentations([], H, W));
    }

    [Fact]
    public void QuantileBinsKeepTiesTogether()
    {
        // 800 distinct values: 8 bins of 100, ascending; successes = the value's hundreds, so each bin's p~ is known.
        var x = Enumerable.Range(0, 800).Select(i => (double)((i * 37) % 800)).ToArray();
        var y = x.Select(v => (int)(v / 100)).ToArray();
        var bins = CovariateBins.Of(x, y, trials: 10);
        Assert.Equal(8, bins.Length);
        for (int b = 0; b < 8; b++)
        {
            Assert.Equal((100 * b, 100 * b + 99, 100, 100 * b + 49.5), (bins[b].Lower, bins[b].Upper, bins[b].Pairs, bins[b].CovariateMean));
            Assert.Equal(b / 10.0, bins[b].MeanP, 12);
            var (lo, hi) = CovariateBins.Wilson(100L * b, 1000);
            Assert.Equal((lo, hi), (bins[b].WilsonLower, bins[b].WilsonUpper));
            Assert.True(lo <= bins[b].MeanP && bins[b].MeanP <= hi);
        }

        // A binary covariate has two bins, however many are asked for; a constant one has one.
        var flip = Enumerable.Range(0, 800).Select(i => i < 300 ? 0.0 : 1).ToArray();
        var flipBins = CovariateBins.Of(flip, y, trials: 10);
        Assert.Equal([300, 500], flipBins.Select(b => b.Pairs));
        Assert.Equal([0.0, 1], flipBins.Select(b => b.CovariateMean));
        Assert.Single(CovariateBins.Of(new double[800], y, trials: 10));

        // Ties at a quantile rank stay in one bin: 150 pairs share the value 5.
        var tied = Enumerable.Range(0, 400).Select(i => i is >= 50 and < 200 ? 5.0 : i).ToArray();
        var tiedBins = CovariateBins.Of(tied, new int[400], trials: 10, bins: 4);
        Assert.Equal(400, tiedBins.Sum(b => b.Pairs));
        Assert.Single(tiedBins, b => b.Lower <= 5 && b.Upper >= 5);
        Assert.All(tiedBins.Zip(tiedBins.Skip(1)), p => Assert.True(p.First.Upper < p.Second.Lower));
    }

    [Fact]
    public void WilsonIntervalsHaveKnownValues()
    {
        var (lo, hi) = CovariateBins.Wilson(5, 10);
        Assert.Equal(0.2366, lo, 4);
        Assert.Equal(0.7634, hi, 4);
        (lo, hi) = CovariateBins.Wilson(0, 10);
        Assert.Equal(0, lo);
        Assert.Equal(0.2775, hi, 4);
        (lo, hi) = CovariateBins.Wilson(10, 10);
        Assert.Equal(0.7225, lo, 4);
        Assert.Equal(1, hi);
    }

    [Fact]
    public void BinsShowAPlantedEffect()
    {
        var covariates = PairRegressionTests.Covariates(AugmentationKind.Simclr, 12);
        var area = covariates["crop_area"];
        var y = PairDifficulty.Successes(PairRegressionTests.Plant(0.5, i => 2 * area[i], 13), 0);
        var bins = CovariateBins.Of(area, y, trials: 30);
        Assert.Equal(CovariateBins.DefaultBins, bins.Length);
        Assert.All(bins.Zip(bins.Skip(1)), p => Assert.True(p.First.CovariateMean < p.Second.CovariateMean));
        // From the smallest to the largest crops, +2 logits per unit area over ~0.8 of area: p~ rises by ~0.3.
        Assert.True(bins[^1].MeanP - bins[0].MeanP > 0.2, $"p~ {bins[0].MeanP} .. {bins[^1].MeanP}");
        Assert.True(bins[0].WilsonUpper < bins[^1].WilsonLower);
        var flat = CovariateBins.Of(covariates["hue_abs"], y, trials: 30);
        Assert.True(flat.Max(b => b.MeanP) - flat.Min(b => b.MeanP) < 0.1);
    }
}
