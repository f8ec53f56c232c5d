using Mnemo.Analysis.Difficulty;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class ReliabilityTests
{
    const int N = 30, M = 2, K = 512, T = 20;

    /// <summary>Per-network learning speed of K images whose every bit is Bernoulli(rate[k]), through the accumulator.</summary>
    static IReadOnlyList<double[]> LearningSpeed(double[] rate, int networks, int seed)
    {
        var rng = new Random(seed);
        int cells = M * rate.Length;
        var accumulator = new ExampleMeasureAccumulator(T, M, rate.Length);
        var bits = new byte[(T + 1) * cells];
        var margins = new Half[bits.Length];
        for (int n = 0; n < networks; n++)
        {
            for (int i = 0; i < bits.Length; i++) bits[i] = (byte)(rng.NextDouble() < rate[i % rate.Length] ? 1 : 0);
            accumulator.Add(bits, margins);
        }
        return accumulator.Result().LearningSpeed.PerNetwork;
    }

    [Fact]
    public void PlantedHardImagesAreReliablyHard()
    {
        // Rates 0.4..0.6: between images sd 0.058, against 0.018 of binomial noise in a half's mean of 15 networks x 40 bits.
        var rng = new Random(1);
        var rate = Enumerable.Range(0, K).Select(_ => 0.4 + 0.2 * rng.NextDouble()).ToArray();
        var r = SplitHalfReliability.Estimate(LearningSpeed(rate, N, 2), seed: 3);
        Assert.Null(r.Undefined);
        Assert.Equal((N, 15, 200, 200), (r.Networks, r.HalfSize, r.Splits, r.SplitsUsed));
        Assert.True(r.Mean > 0.8, $"split-half r' {r.Mean}");
        Assert.True(r.Lower > 0.8 && r.Upper < 1 && r.Lower <= r.Mean && r.Mean <= r.Upper, $"{r.Lower}..{r.Upper}");
        // Spearman-Brown, r' = 2r / (1 + r), raises r towards 1; over splits this narrow, the mean of r' is that of r, corrected.
        Assert.True(r.MeanUncorrected > 0.6 && r.MeanUncorrected < r.Mean - 0.02, $"r {r.MeanUncorrected}, r' {r.Mean}");
        Assert.Equal(2 * r.MeanUncorrected / (1 + r.MeanUncorrected), r.Mean, 2);
        Assert.InRange(r.Std, 1e-4, 0.05);
    }

    [Fact]
    public void EquallyHardImagesAgreeOnNothing()
    {
        var r = SplitHalfReliability.Estimate(LearningSpeed(Enumerable.Repeat(0.5, K).ToArray(), N, 2), seed: 3);
        Assert.True(Math.Abs(r.Mean) < 0.1, $"split-half r' {r.Mean}");
        Assert.True(r.Lower < 0 && r.Upper > 0, $"{r.Lower}..{r.Upper}");
        Assert.Equal(200, r.SplitsUsed);
    }

    [Fact]
    public void SplitsAreSeededAndOddNetworksSitOut()
    {
        var rng = new Random(4);
        var rate = Enumerable.Range(0, K).Select(_ => rng.NextDouble()).ToArray();
        var speed = LearningSpeed(rate, 7, 5);
        var a = SplitHalfReliability.Estimate(speed, seed: 9, splits: 50);
        Assert.Equal(a, SplitHalfReliability.Estimate(speed, seed: 9, splits: 50));
        Assert.NotEqual(a.Mean, SplitHalfReliability.Estimate(speed, seed: 10, splits: 50).Mean);
        Assert.Equal(3, a.HalfSize);

        // N = 2 and 3: halves of one network each.
        Assert.Equal(1, SplitHalfReliability.Estimate(speed.Take(3).ToArray(), seed: 9).HalfSize);
        Assert.Null(SplitHalfReliability.Estimate(speed.Take(2).ToArray(), seed: 9).Undefined);
    }

    [Fact]
    public void UndefinedCasesSayWhy()
    {
        var one = SplitHalfReliability.Estimate([new double[K]], seed: 1);
        Assert.NotNull(one.Undefined);
        Assert.Contains("1 network", one.Undefined);
        Assert.True(double.IsNaN(one.Mean));

        // Every image learned alike by every network: no ranking in either half, so every split is skipped.
        var flat = Enumerable.Range(0, 6).Select(_ => Enumerable.Repeat(0.5, K).ToArray()).ToArray();
        var constant = SplitHalfReliability.Estimate(flat, seed: 1, splits: 20);
        Assert.Equal(0, constant.SplitsUsed);
        Assert.NotNull(constant.Undefined);
        Assert.True(double.IsNaN(constant.Mean));

        // One network constant, one not: the splits whose half is that network alone are skipped and counted.
        var mixed = new[] { Enumerable.Repeat(0.5, K).ToArray(), Enumerable.Range(0, K).Select(k => k / (double)K).ToArray(),
            Enumerable.Range(0, K).Select(k => k / (double)K).ToArray() };
        var some = SplitHalfReliability.Estimate(mixed, seed: 2, splits: 60);
        Assert.InRange(some.SplitsUsed, 1, 59);
        Assert.Equal(1, some.Mean, 12);
    }

    [Fact]
    public void SpearmanRanksTiesByTheirAverage()
    {
        Assert.Equal([2, 3.5, 3.5, 1], Spearman.Ranks([10, 20, 20, 5]));
        Assert.Equal(0.8, Spearman.Correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
        // Ranks 1, 2.5, 2.5, 4 against 1..4: 4.5 / sqrt(4.5 · 5).
        Assert.Equal(4.5 / Math.Sqrt(22.5), Spearman.Correlation([1, 2, 2, 3], [1, 2, 3, 4]), 12);
        double[] x = [0.3, -1, 2, 7, 0];
        Assert.Equal(1, Spearman.Correlation(x, x.Select(v => Math.Exp(3 * v)).ToArray()), 12);
        Assert.Equal(-1, Spearman.Correlation(x, x.Select(v => -v * v * v).ToArray()), 12);
        Assert.True(double.IsNaN(Spearman.Correlation(x, [1, 1, 1, 1, 1])));
        Assert.Throws<ArgumentException>(() => Spearman.Ranks([1, double.NaN]));
    }

    [Fact]
    public void SpearmanPValuesFollowFishersZ()
    {
        // z = atanh(0.1) / sqrt(1.06 / 1021) = 3.114: two-sided p = 0.00184.
        Assert.InRange(Spearman.PValue(0.1, 1024), 0.0017, 0.0020);
        Assert.Equal(1, Spearman.PValue(0, 1024), 12);
        Assert.True(double.IsNaN(Spearman.PValue(0.5, 3)));

        var rng = new Random(8);
        var a = Enumerable.Range(0, 1024).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 1024).Select(_ => rng.NextDouble()).ToArray();
        var c = a.Select(v => v + 0.3 * rng.NextDouble()).ToArray();
        var matrix = Spearman.Matrix(["a", "b", "c"], [a, b, c]);
        Assert.Equal(["a", "b", "c"], matrix.Names);
        Assert.Equal(1024, matrix.Images);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1, matrix.Rho[i, i]);
            Assert.True(double.IsNaN(matrix.PValue[i, i]));
            for (int j = 0; j < 3; j++) Assert.Equal(matrix.Rho[i, j], matrix.Rho[j, i]);
        }
        Assert.Equal(Spearman.Correlation(a, c), matrix.Rho[0, 2], 12);
        Assert.True(matrix.Rho[0, 2] > 0.9 && matrix.PValue[0, 2] < 1e-100, $"{matrix.Rho[0, 2]}, p {matrix.PValue[0, 2]}");
        Assert.True(matrix.PValue[0, 1] > 0.01, $"independent measures: rho {matrix.Rho[0, 1]}, p {matrix.PValue[0, 1]}");
    }
}
