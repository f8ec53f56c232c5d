namespace Mnemo.Analysis;

/// <summary>Mean absolute error between a sorted profile and sorted binomial noise curves, over several draws.</summary>
public sealed record BinomialMae(double Mean, double Std, double[] FirstCurve);

/// <summary>
/// The paper's comparison with binomial noise: p^ = mean of the profile; K values from
/// Bin(n, p^) / n, sorted; the mean absolute error between the two sorted curves.
/// </summary>
public static class BinomialReference
{
    /// <summary>Draws per comparison, as the authors.</summary>
    public const int Draws = 10;

    public static double MeanAbsoluteError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length || a.Length == 0) throw new ArgumentException($"MAE of curves of {a.Length} and {b.Length} points");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return sum / a.Length;
    }

    /// <summary>MAE of <paramref name="sortedProfile"/> against <paramref name="draws"/> sorted curves of
    /// <paramref name="binomial"/>, as mean and population std (numpy's default), with the first curve for plotting.</summary>
    public static BinomialMae Compare(double[] sortedProfile, BinomialDistribution binomial, int draws, Random rng)
    {
        var errors = new double[draws];
        double[]? first = null;
        for (int d = 0; d < draws; d++)
        {
            var curve = binomial.SortedCurve(sortedProfile.Length, rng);
            first ??= curve;
            errors[d] = MeanAbsoluteError(sortedProfile, curve);
        }
        return new BinomialMae(errors.Average(), Std(errors), first!);
    }

    /// <summary>
    /// The MAE expected if every image-augmentation pair were equally hard: a profile made of
    /// Bin(<paramref name="profileTrials"/>, p) / trials values, compared like a real one with
    /// Bin(n, p) / n. With the authors' n = N for the averaged variant (whose values average N·M
    /// trials) this is well above zero. It is no floor: differences between images widen a flat profile
    /// towards the reference first, lowering the MAE before they raise it.
    /// </summary>
    public static double NullMae(int k, int profileTrials, BinomialDistribution binomial, int draws, Random rng)
    {
        var profile = new BinomialDistribution(profileTrials, binomial.P);
        double sum = 0;
        for (int d = 0; d < draws; d++)
            sum += MeanAbsoluteError(profile.SortedCurve(k, rng), binomial.SortedCurve(k, rng));
        return sum / draws;
    }

    static double Std(double[] values)
    {
        double mean = values.Average(), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Length);
    }
}
