namespace Mnemo.Analysis.Difficulty;

/// <summary>Means, spreads and tails shared by the difficulty analyses; NaN stands for "undefined".</summary>
static class Moments
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Standard deviation about the mean, dividing by n - <paramref name="ddof"/> (0: population, 1: sample).</summary>
    public static double Std(ReadOnlySpan<double> values, int ddof)
    {
        if (values.Length - ddof < 1) return double.NaN;
        double mean = Mean(values), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Length - ddof));
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics (numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double at = q * (sorted.Length - 1);
        int below = (int)Math.Floor(at);
        if (below >= sorted.Length - 1) return sorted[^1];
        return sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]);
    }

    /// <summary>P(|Z| >= |z|) for a standard normal Z: Z² is chi-square with one degree of freedom, so this is Q(1/2, z²/2).</summary>
    public static double TwoSidedNormalP(double z) =>
        double.IsNaN(z) ? double.NaN : SpecialFunctions.RegularizedGammaQ(0.5, z * z / 2);
}
