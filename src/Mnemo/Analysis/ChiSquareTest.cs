namespace Mnemo.Analysis;

/// <summary>A chi-square goodness-of-fit result; <see cref="Bins"/> counts the bins after pooling.</summary>
public sealed record ChiSquare(double Statistic, int Dof, double PValue, int Bins);

/// <summary>
/// Tests "no image-augmentation pair is harder than another" for the fixed variant: the counts of
/// N·p~ over {0..N} against K·Bin(N, p^). The authors' unpooled test divides by expected counts
/// near zero (statistics up to 1e19); adjacent bins are pooled until each expects at least 5.
/// </summary>
public static class ChiSquareTest
{
    public const double MinExpected = 5;

    /// <param name="successes">Per image, recognitions out of <paramref name="n"/>.</param>
    public static ChiSquare AgainstBinomial(int[] successes, int n)
    {
        if (successes.Length == 0) throw new ArgumentException("chi-square: no images");
        var observed = new double[n + 1];
        long total = 0;
        foreach (int s in successes)
        {
            if ((uint)s > (uint)n) throw new ArgumentOutOfRangeException(nameof(successes), $"chi-square: {s} successes out of {n}");
            observed[s]++;
            total += s;
        }
        double pHat = total / ((double)n * successes.Length);
        var binomial = new BinomialDistribution(n, pHat);
        var expected = new double[n + 1];
        for (int j = 0; j <= n; j++) expected[j] = successes.Length * binomial.Probability(j);

        var (pooledObserved, pooledExpected) = Pool(observed, expected);
        double statistic = 0;
        for (int i = 0; i < pooledObserved.Count; i++)
        {
            double diff = pooledObserved[i] - pooledExpected[i];
            statistic += diff * diff / pooledExpected[i];
        }
        // One dof for the total, one for the estimated p^; never below one, so a p-value exists.
        int dof = Math.Max(1, pooledObserved.Count - 2);
        return new ChiSquare(statistic, dof, SpecialFunctions.RegularizedGammaQ(dof / 2.0, statistic / 2), pooledObserved.Count);
    }

    /// <summary>Merges adjacent bins from the left until each expects at least 5; a short remainder joins the last bin.</summary>
    static (List<double> Observed, List<double> Expected) Pool(double[] observed, double[] expected)
    {
        var o = new List<double>();
        var e = new List<double>();
        double accO = 0, accE = 0;
        for (int j = 0; j < observed.Length; j++)
        {
            accO += observed[j];
            accE += expected[j];
            if (accE >= MinExpected)
            {
                o.Add(accO);
                e.Add(accE);
                accO = accE = 0;
            }
        }
        if (accE > 0 || accO > 0)
        {
            if (o.Count == 0) { o.Add(accO); e.Add(accE); }
            else { o[^1] += accO; e[^1] += accE; }
        }
        return (o, e);
    }
}
