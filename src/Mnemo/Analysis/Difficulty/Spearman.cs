namespace Mnemo.Analysis.Difficulty;

/// <summary>Spearman rank correlations between per-image measures of several paradigms (same K images, same order).</summary>
/// <param name="Rho">[P, P] rank correlations; 1 on the diagonal; NaN where a measure is constant.</param>
/// <param name="PValue">[P, P] two-sided approximate p-values of "no correlation" (see <see cref="Spearman.PValue"/>); NaN on the diagonal.</param>
public sealed record SpearmanMatrix(string[] Names, double[,] Rho, double[,] PValue, int Images);

/// <summary>Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing their average rank.</summary>
public static class Spearman
{
    /// <summary>Ranks 1..n in input order; tied values get the mean of the ranks they span.</summary>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        var keys = values.ToArray();
        foreach (double v in keys)
            if (double.IsNaN(v)) throw new ArgumentException("spearman: NaN has no rank");
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        var ranks = new double[keys.Length];
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            // Positions start..end-1 are ranks start+1..end.
            double rank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) ranks[order[i]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>Rank correlation of paired values; NaN when either side is constant (no ranking to agree with).</summary>
    public static double Correlation(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException($"spearman: {x.Length} and {y.Length} values");
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>
    /// Two-sided p-value of "no rank correlation" by Fisher's z with the variance 1.06 / (n - 3) of
    /// Fieller, Hartley and Pearson (1957): an approximation, good for the K ~ 10^3 images of a study,
    /// with no permutations drawn. NaN for n &lt; 4 or an undefined rho.
    /// </summary>
    public static double PValue(double rho, int n)
    {
        if (n < 4 || double.IsNaN(rho)) return double.NaN;
        if (Math.Abs(rho) >= 1) return 0;
        return Moments.TwoSidedNormalP(Math.Atanh(rho) / Math.Sqrt(1.06 / (n - 3)));
    }

    /// <summary>Rank correlations and their p-values between every two of the named per-image measures.</summary>
    public static SpearmanMatrix Matrix(IReadOnlyList<string> names, IReadOnlyList<double[]> perImage)
    {
        if (names.Count != perImage.Count || names.Count == 0) throw new ArgumentException($"spearman matrix: {names.Count} names for {perImage.Count} measures");
        int p = names.Count, k = perImage[0].Length;
        if (perImage.Any(v => v.Length != k)) throw new ArgumentException("spearman matrix: measures over different numbers of images");
        var ranks = perImage.Select(v => Ranks(v)).ToArray();
        var rho = new double[p, p];
        var pValue = new double[p, p];
        for (int a = 0; a < p; a++)
        {
            rho[a, a] = 1;
            pValue[a, a] = double.NaN;
            for (int b = a + 1; b < p; b++)
            {
                rho[a, b] = rho[b, a] = Pearson(ranks[a], ranks[b]);
                pValue[a, b] = pValue[b, a] = PValue(rho[a, b], k);
            }
        }
        return new SpearmanMatrix([.. names], rho, pValue, k);
    }

    static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = Moments.Mean(x), my = Moments.Mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
