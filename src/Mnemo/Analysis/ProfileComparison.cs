using Mnemo.Analysis.Difficulty;

namespace Mnemo.Analysis;

/// <summary>
/// A memorization profile at one epoch compared with binomial noise.
/// </summary>
/// <param name="Profile">p sorted ascending over the K images.</param>
/// <param name="BinomialCurve">One sorted Bin(N, p^) / N curve, for plotting.</param>
/// <param name="MaeNull">MAE expected if every image-augmentation pair were equally hard (see <see cref="BinomialReference.NullMae"/>).</param>
/// <param name="EnvelopeOutside">Share of the profile outside the pointwise 95% band of sorted binomial curves.</param>
/// <param name="Chi2">Goodness of fit of the fixed variant; null for the averaged one.</param>
/// <param name="Contrast">The distance from the null of equally hard image-augmentation pairs, calibrated by simulation
/// with this study's N, M and K (<see cref="CalibratedContrast"/>): beside the MAE, which has no such calibration.</param>
public sealed record ProfileComparison(
    int Epoch, double MeanP, double[] Profile, double[] BinomialCurve, double MaeMean, double MaeStd, double MaeNull,
    BinomialEnvelope Envelope, double EnvelopeOutside, ChiSquare? Chi2, CalibratedContrast Contrast)
{
    /// <param name="independentViews">Views per image that differ: M, or 1 for a paradigm without augmentation,
    /// whose M views are one image (this sets the null MAE only).</param>
    public static ProfileComparison At(RecognitionCounts counts, int epoch, ProfileVariant variant, int independentViews, Random rng)
    {
        int[] successes = counts.Successes(epoch, variant);
        int trials = counts.Trials(variant);
        var profile = new double[successes.Length];
        for (int k = 0; k < profile.Length; k++) profile[k] = successes[k] / (double)trials;
        Array.Sort(profile);
        double mean = profile.Average();

        // n = N for both variants, as the authors (not N·M for the averaged one).
        var binomial = new BinomialDistribution(counts.Runs, Math.Clamp(mean, 0, 1));
        var mae = BinomialReference.Compare(profile, binomial, BinomialReference.Draws, rng);
        int nullTrials = variant == ProfileVariant.Averaged ? counts.Runs * independentViews : counts.Runs;
        double maeNull = BinomialReference.NullMae(profile.Length, nullTrials, binomial, BinomialReference.Draws, rng);
        var envelope = BinomialEnvelope.Of(binomial, profile.Length, BinomialEnvelope.Draws, rng);
        var chi2 = variant == ProfileVariant.Fixed ? ChiSquareTest.AgainstBinomial(successes, counts.Runs) : null;
        // Seeded after the draws above, which stay as they were before the contrast existed.
        var contrast = CalibratedContrast.Test(successes, trials, nullTrials, rng.Next());
        return new ProfileComparison(epoch, mean, profile, mae.FirstCurve, mae.Mean, mae.Std, maeNull,
            envelope, envelope.FractionOutside(profile), chi2, contrast);
    }
}

/// <summary>One threshold p of one paradigm and variant: the comparison at its threshold epoch, or null if the mean never reaches p.</summary>
public sealed record ThresholdResult(double P, ProfileComparison? Reached);
