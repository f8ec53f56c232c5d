namespace Mnemo.Analysis.Difficulty;

/// <summary>One quantile bin of a covariate over image-augmentation pairs.</summary>
/// <param name="Lower">Smallest covariate value in the bin.</param>
/// <param name="Upper">Largest covariate value in the bin.</param>
/// <param name="MeanP">Mean p~ of the bin's pairs (pooled successes over pooled trials, every pair having N).</param>
/// <param name="WilsonLower">95% Wilson interval on the pooled successes; it treats every trial as independent, so it
/// ignores that pairs differ in difficulty and is narrower than the spread of p~ between pairs.</param>
public sealed record CovariateBin(double Lower, double Upper, double CovariateMean, int Pairs, double MeanP, double WilsonLower, double WilsonUpper);

/// <summary>p~ against one covariate in quantile bins: the summary a figure of "what makes a pair hard" plots.</summary>
public static class CovariateBins
{
    public const int DefaultBins = 8;
    const double Z95 = 1.959963984540054;

    /// <summary>
    /// Up to <paramref name="bins"/> bins of about equal numbers of pairs, ascending in the covariate. Pairs with
    /// equal covariate values always share a bin, so a covariate with few distinct values (flip: 0 or 1) gets
    /// fewer bins.
    /// </summary>
    /// <param name="covariate">[P]: the covariate per pair.</param>
    /// <param name="successes">[P]: networks recognising the pair, out of <paramref name="trials"/>.</param>
    public static CovariateBin[] Of(ReadOnlySpan<double> covariate, ReadOnlySpan<int> successes, int trials, int bins = DefaultBins)
    {
        int count = covariate.Length;
        if (count == 0 || successes.Length != count) throw new ArgumentException($"covariate bins: {count} values and {successes.Length} successes");
        if (bins < 1 || trials < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"covariate bins: {bins} bins, {trials} trials");
        var keys = covariate.ToArray();
        if (keys.Any(v => double.IsNaN(v))) throw new ArgumentException("covariate bins: NaN covariate");
        var y = successes.ToArray();
        Array.Sort(keys, y);

        var result = new List<CovariateBin>();
        int start = 0, target = 1;
        for (int end = 1; end <= count; end++)
        {
            // Close a bin only between different values, once it reaches the next quantile rank.
            bool boundary = end == count || keys[end] != keys[end - 1];
            if (!boundary || (end < (long)target * count / bins && end < count)) continue;
            result.Add(Summarise(keys.AsSpan(start, end - start), y.AsSpan(start, end - start), trials));
            start = end;
            while ((long)target * count / bins <= end) target++;
        }
        return [.. result];
    }

    /// <summary>Wilson's score interval for <paramref name="successes"/> of <paramref name="trials"/> at normal quantile <paramref name="z"/>.</summary>
    public static (double Lower, double Upper) Wilson(long successes, long trials, double z = Z95)
    {
        if (trials < 1 || successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), $"wilson: {successes} of {trials}");
        double p = successes / (double)trials, z2 = z * z, denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2 * trials)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
        // At 0 or n successes one end is exactly 0 or 1; computed, it would round a hair inside.
        return (successes == 0 ? 0 : Math.Max(0, centre - half), successes == trials ? 1 : Math.Min(1, centre + half));
    }

    static CovariateBin Summarise(ReadOnlySpan<double> values, ReadOnlySpan<int> successes, int trials)
    {
        long pooled = 0;
        foreach (int s in successes) pooled += s;
        long total = (long)successes.Length * trials;
        var (lower, upper) = Wilson(pooled, total);
        return new CovariateBin(values[0], values[^1], Moments.Mean(values), values.Length, pooled / (double)total, lower, upper);
    }
}
