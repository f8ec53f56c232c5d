namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// What makes an image-augmentation pair hard beyond its image: a binomial regression of y = networks (of N)
/// recognising pair (k, m) at one epoch on the pair's covariates, with the image's own difficulty as an offset.
/// The offset is leave-one-out, from the image's other M - 1 pairs, o = logit((S - y + 0.5) / ((M - 1)·N + 1))
/// with S the image's successes over its M pairs: the +0.5 / +1 smoothing keeps the rate inside
/// [0.5 / ((M - 1)N + 1), 1 - 0.5 / ((M - 1)N + 1)], so the logit is finite for images never or always
/// recognised, and a pair's own outcome never enters its offset. With M = 1 there are no other pairs: o = 0,
/// and image and augmentation difficulty cannot be told apart.
/// </summary>
public static class PairDifficulty
{
    /// <summary>[M·K], pair index m·K + k: networks recognising view m of image k after <paramref name="epoch"/>.</summary>
    public static int[] Successes(RecognitionCounts counts, int epoch)
    {
        int m = counts.Augmentations, k = counts.Images;
        var y = new int[m * k];
        for (int a = 0; a < m; a++)
            for (int i = 0; i < k; i++) y[a * k + i] = counts.Count(epoch, a, i);
        return y;
    }

    /// <summary>[M·K]: the leave-one-out image offsets (see the type's summary) of pairs laid out m·K + k.</summary>
    public static double[] LeaveOneOutOffsets(ReadOnlySpan<int> successes, int augmentations, int images, int trials)
    {
        if (augmentations < 1 || images < 1 || trials < 1 || successes.Length != augmentations * images)
            throw new ArgumentException($"pair offsets: {successes.Length} pairs for M = {augmentations}, K = {images}, N = {trials}");
        var offsets = new double[successes.Length];
        if (augmentations == 1) return offsets;
        var imageTotal = new long[images];
        for (int a = 0; a < augmentations; a++)
            for (int i = 0; i < images; i++) imageTotal[i] += successes[a * images + i];
        double others = (augmentations - 1.0) * trials;
        for (int a = 0; a < augmentations; a++)
            for (int i = 0; i < images; i++)
            {
                double rate = (imageTotal[i] - successes[a * images + i] + 0.5) / (others + 1);
                offsets[a * images + i] = Math.Log(rate / (1 - rate));
            }
        return offsets;
    }

    /// <summary>The regression for one paradigm at <paramref name="epoch"/>, covariates from <see cref="PairCovariates.FromAugmentations"/>.</summary>
    public static OffsetRegressionFit Fit(RecognitionCounts counts, int epoch, PairCovariates covariates, double ridge = OffsetBinomialRegression.DefaultRidge)
    {
        if (covariates.Augmentations != counts.Augmentations || covariates.Images != counts.Images)
            throw new ArgumentException($"pair regression: covariates of M = {covariates.Augmentations}, K = {covariates.Images} for records of M = {counts.Augmentations}, K = {counts.Images}");
        var y = Successes(counts, epoch);
        var offsets = LeaveOneOutOffsets(y, counts.Augmentations, counts.Images, counts.Runs);
        return OffsetBinomialRegression.Fit(y, counts.Runs, offsets, covariates.Names, covariates.Values, ridge);
    }
}
