namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// How reproducible a per-image difficulty is across networks: the N networks are split at random into
/// two disjoint halves of floor(N / 2) (for odd N one sits out), each half's values are averaged per
/// image, and the halves' Spearman correlation r is corrected to the full N by Spearman-Brown,
/// r' = 2r / (1 + r). About 1: the networks agree which images are hard; about 0: difficulty is noise.
/// </summary>
/// <param name="HalfSize">Networks per half.</param>
/// <param name="Splits">Splits drawn.</param>
/// <param name="SplitsUsed">Splits whose r' is defined; the others (a half constant over images, or r = -1) are skipped.</param>
/// <param name="Mean">Mean r' over the splits used.</param>
/// <param name="Std">Population standard deviation of r' over the splits used.</param>
/// <param name="Lower">2.5% quantile of r' (linear interpolation).</param>
/// <param name="Upper">97.5% quantile of r'.</param>
/// <param name="MeanUncorrected">Mean r before Spearman-Brown, over the same splits.</param>
/// <param name="Undefined">Why no estimate exists (fewer than two networks, or no split usable); null when it does.</param>
public sealed record SplitHalfReliability(
    int Networks, int HalfSize, int Splits, int SplitsUsed,
    double Mean, double Std, double Lower, double Upper, double MeanUncorrected, string? Undefined)
{
    public const int DefaultSplits = 200;

    /// <param name="perNetwork">[N][K]: a per-image measure of each network, e.g. <see cref="ExampleMeasures.LearningSpeed"/>'s PerNetwork; no NaN.</param>
    /// <param name="seed">Seeds the splits: the same seed gives the same result.</param>
    public static SplitHalfReliability Estimate(IReadOnlyList<double[]> perNetwork, int seed, int splits = DefaultSplits)
    {
        if (splits < 1) throw new ArgumentOutOfRangeException(nameof(splits), $"split-half reliability: {splits} splits");
        int n = perNetwork.Count, half = n / 2;
        if (n < 2) return Undefine(n, half, splits, 0, $"{n} network{(n == 1 ? "" : "s")}: two halves need at least 2");
        int k = perNetwork[0].Length;
        if (perNetwork.Any(v => v.Length != k)) throw new ArgumentException("split-half reliability: networks with different numbers of images");

        var rng = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        double[] a = new double[k], b = new double[k];
        var corrected = new List<double>(splits);
        double uncorrectedSum = 0;
        for (int s = 0; s < splits; s++)
        {
            rng.Shuffle(order);
            HalfMean(perNetwork, order.AsSpan(0, half), a);
            HalfMean(perNetwork, order.AsSpan(half, half), b);
            double r = Spearman.Correlation(a, b);
            if (double.IsNaN(r) || r <= -1) continue;
            corrected.Add(2 * r / (1 + r));
            uncorrectedSum += r;
        }
        if (corrected.Count == 0)
            return Undefine(n, half, splits, 0, $"every one of {splits} splits had a half whose values are equal for all {k} images");
        var sorted = corrected.ToArray();
        Array.Sort(sorted);
        return new SplitHalfReliability(n, half, splits, sorted.Length, Moments.Mean(sorted), Moments.Std(sorted, ddof: 0),
            Moments.Quantile(sorted, 0.025), Moments.Quantile(sorted, 0.975), uncorrectedSum / sorted.Length, null);
    }

    static SplitHalfReliability Undefine(int n, int half, int splits, int used, string reason) =>
        new(n, half, splits, used, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, reason);

    static void HalfMean(IReadOnlyList<double[]> perNetwork, ReadOnlySpan<int> networks, double[] mean)
    {
        Array.Clear(mean);
        foreach (int n in networks)
        {
            var values = perNetwork[n];
            for (int k = 0; k < mean.Length; k++) mean[k] += values[k];
        }
        for (int k = 0; k < mean.Length; k++) mean[k] /= networks.Length;
    }
}
