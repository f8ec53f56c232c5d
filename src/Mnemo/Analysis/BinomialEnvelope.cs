namespace Mnemo.Analysis;

/// <summary>
/// Beyond the paper: the pointwise 2.5%..97.5% band of many sorted binomial noise curves. A profile
/// that leaves the band departs from "all images equally hard" by more than the noise of one draw.
/// </summary>
public sealed record BinomialEnvelope(double[] Low, double[] High)
{
    public const int Draws = 1000;
    public const double LowQuantile = 0.025, HighQuantile = 0.975;

    public static BinomialEnvelope Of(BinomialDistribution binomial, int k, int draws, Random rng)
    {
        int n = binomial.N;
        // hits[i, j]: draws whose i-th smallest value is j; a sorted draw is runs of equal values,
        // so it is read from the draw's histogram without sorting.
        var hits = new int[k * (n + 1)];
        for (int d = 0; d < draws; d++)
        {
            var histogram = binomial.Histogram(k, rng);
            int i = 0;
            for (int j = 0; j <= n; j++)
                for (int c = 0; c < histogram[j]; c++, i++) hits[i * (n + 1) + j]++;
        }
        var low = new double[k];
        var high = new double[k];
        for (int i = 0; i < k; i++)
        {
            var row = hits.AsSpan(i * (n + 1), n + 1);
            low[i] = Quantile(row, draws, LowQuantile) / (double)n;
            high[i] = Quantile(row, draws, HighQuantile) / (double)n;
        }
        return new BinomialEnvelope(low, high);
    }

    /// <summary>Share of the sorted profile's points outside the band.</summary>
    public double FractionOutside(double[] sortedProfile)
    {
        if (sortedProfile.Length != Low.Length) throw new ArgumentException($"envelope of {Low.Length} points, profile of {sortedProfile.Length}");
        // Profiles are ratios of integers; a tolerance keeps a value equal to an edge inside.
        const double tolerance = 1e-9;
        int outside = 0;
        for (int i = 0; i < sortedProfile.Length; i++)
            if (sortedProfile[i] < Low[i] - tolerance || sortedProfile[i] > High[i] + tolerance) outside++;
        return outside / (double)sortedProfile.Length;
    }

    // Smallest j whose cumulative share of draws reaches q.
    static int Quantile(ReadOnlySpan<int> row, int draws, double q)
    {
        double needed = q * draws;
        int cumulative = 0;
        for (int j = 0; j < row.Length; j++)
        {
            cumulative += row[j];
            if (cumulative >= needed) return j;
        }
        return row.Length - 1;
    }
}
