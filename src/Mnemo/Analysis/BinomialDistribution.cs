namespace Mnemo.Analysis;

/// <summary>Bin(n, p): the number of recognitions out of n if no image were harder than another.</summary>
public sealed class BinomialDistribution
{
    readonly double[] pmf;
    // cdf[j] = P(X <= j); sampled by inversion, which is exact and fast for the small n of a study.
    readonly double[] cdf;

    public BinomialDistribution(int n, double p)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"binomial: n = {n}");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"binomial: p = {p}");
        (N, P) = (n, p);
        pmf = new double[n + 1];
        cdf = new double[n + 1];
        double total = 0;
        for (int j = 0; j <= n; j++)
        {
            pmf[j] = Pmf(n, p, j);
            total += pmf[j];
            cdf[j] = total;
        }
        cdf[n] = double.PositiveInfinity;
    }

    public int N { get; }
    public double P { get; }

    public double Probability(int j) => pmf[j];

    public int Sample(Random rng)
    {
        double u = rng.NextDouble();
        int j = 0;
        while (u >= cdf[j]) j++;
        return j;
    }

    /// <summary>Counts of each outcome 0..n in <paramref name="draws"/> samples.</summary>
    public int[] Histogram(int draws, Random rng)
    {
        var histogram = new int[N + 1];
        for (int i = 0; i < draws; i++) histogram[Sample(rng)]++;
        return histogram;
    }

    /// <summary>K samples divided by n, sorted ascending: a sorted binomial noise curve.</summary>
    public double[] SortedCurve(int k, Random rng) => SortedFromHistogram(Histogram(k, rng), N);

    /// <summary>The sorted values j / n that a histogram over 0..n stands for.</summary>
    public static double[] SortedFromHistogram(int[] histogram, int n)
    {
        var curve = new double[histogram.Sum()];
        int at = 0;
        for (int j = 0; j < histogram.Length; j++)
        {
            curve.AsSpan(at, histogram[j]).Fill(j / (double)n);
            at += histogram[j];
        }
        return curve;
    }

    static double Pmf(int n, double p, int j)
    {
        if (p == 0) return j == 0 ? 1 : 0;
        if (p == 1) return j == n ? 1 : 0;
        double log = SpecialFunctions.LogGamma(n + 1) - SpecialFunctions.LogGamma(j + 1) - SpecialFunctions.LogGamma(n - j + 1)
            + j * Math.Log(p) + (n - j) * Math.Log(1 - p);
        return Math.Exp(log);
    }
}
