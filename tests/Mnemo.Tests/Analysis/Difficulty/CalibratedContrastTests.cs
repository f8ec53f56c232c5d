using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class CalibratedContrastTests
{
    const int N = 30, M = 10, K = 1024;

    static int Binomial(int n, double p, Random rng)
    {
        int s = 0;
        for (int i = 0; i < n; i++) s += rng.NextDouble() < p ? 1 : 0;
        return s;
    }

    static int[] EquallyHard(int n, double p, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, K).Select(_ => Binomial(n, p, rng)).ToArray();
    }

    [Fact]
    public void EquallyHardPairsAreNotRejected()
    {
        var fixedVariant = CalibratedContrast.Test(EquallyHard(N, 0.4, 1), N, N, seed: 2);
        Assert.True(fixedVariant.PValue > 0.01, $"p {fixedVariant.PValue}");
        Assert.True(Math.Abs(fixedVariant.ExcessInNullSd) < 3, $"excess {fixedVariant.ExcessInNullSd} null sd");
        Assert.InRange(fixedVariant.MeanP, 0.38, 0.42);
        Assert.Equal(K, fixedVariant.Expected.Length);
        for (int i = 1; i < K; i++) Assert.True(fixedVariant.Expected[i] >= fixedVariant.Expected[i - 1]);

        // Averaged over M augmentations: N·M independent trials.
        var averaged = CalibratedContrast.Test(EquallyHard(N * M, 0.6, 3), N * M, N * M, seed: 4);
        Assert.True(averaged.PValue > 0.01, $"p {averaged.PValue}");
        Assert.True(Math.Abs(averaged.ExcessInNullSd) < 3, $"excess {averaged.ExcessInNullSd} null sd");
    }

    [Fact]
    public void PValuesOfEquallyHardPairsAreRoughlyUniform()
    {
        var p = Enumerable.Range(0, 20).Select(s => CalibratedContrast.Test(EquallyHard(N, 0.3, 100 + s), N, N, seed: s, draws: 99).PValue).ToArray();
        Assert.InRange(p.Average(), 0.3, 0.7);
        Assert.True(p.Count(v => v <= 0.05) <= 4, string.Join(", ", p));
        Assert.All(p, v => Assert.InRange(v, 0.01, 1));
    }

    [Fact]
    public void ReplicatedViewsNeedTheirIndependentTrials()
    {
        // A paradigm without augmentation: its M views are one image, so an image's N·M bits are N bits repeated M times.
        var successes = EquallyHard(N, 0.5, 5).Select(s => s * M).ToArray();
        var calibrated = CalibratedContrast.Test(successes, N * M, N, seed: 6);
        Assert.True(calibrated.PValue > 0.01, $"p {calibrated.PValue}");
        // Taken for N·M independent trials, the same profile looks far too spread.
        var miscalibrated = CalibratedContrast.Test(successes, N * M, N * M, seed: 6);
        Assert.Equal(1.0 / 201, miscalibrated.PValue, 12);
        Assert.True(miscalibrated.ExcessInNullSd > 10);
    }

    [Fact]
    public void TwoDifficultyGroupsAreRejected()
    {
        var rng = new Random(7);
        var successes = Enumerable.Range(0, K).Select(k => Binomial(N, k % 2 == 0 ? 0.2 : 0.8, rng)).ToArray();
        var r = CalibratedContrast.Test(successes, N, N, seed: 8);
        Assert.Equal(1.0 / (CalibratedContrast.DefaultDraws + 1), r.PValue, 12);
        Assert.True(r.ExcessInNullSd > 10, $"excess {r.ExcessInNullSd} null sd");
        // Sorted 0.2 / 0.8 groups against a curve around 0.5: about 0.3 apart, less the binomial spread.
        Assert.InRange(r.Excess, 0.15, 0.3);
    }

    [Fact]
    public void SeededAndReadFromRecognitionCounts()
    {
        // Epoch 0 recognises nothing; at epoch 1 view m of image k is recognised by a fixed number of runs.
        var rng = new Random(9);
        var counts = new int[2 * M * K];
        for (int i = M * K; i < counts.Length; i++) counts[i] = rng.Next(N + 1);
        var records = new RecognitionCounts(N, 1, M, K, counts);
        var fromCounts = CalibratedContrast.At(records, 1, ProfileVariant.Averaged, independentViews: M, seed: 10);
        var direct = CalibratedContrast.Test(records.Successes(1, ProfileVariant.Averaged), N * M, N * M, seed: 10);
        Assert.Equal(direct.Distance, fromCounts.Distance);
        Assert.Equal(direct.NullMean, fromCounts.NullMean);
        Assert.Equal(direct.PValue, fromCounts.PValue);
        Assert.Equal((N * M, N * M), (fromCounts.Trials, fromCounts.IndependentTrials));
        Assert.Equal(N, CalibratedContrast.At(records, 1, ProfileVariant.Fixed, M, seed: 10).IndependentTrials);
        Assert.Equal(N, CalibratedContrast.At(records, 1, ProfileVariant.Averaged, independentViews: 1, seed: 10).IndependentTrials);
        Assert.NotEqual(direct.NullMean, CalibratedContrast.Test(records.Successes(1, ProfileVariant.Averaged), N * M, N * M, seed: 11).NullMean);

        // Nothing recognised: no contrast, and nothing to scale it by.
        var none = CalibratedContrast.At(records, 0, ProfileVariant.Fixed, M, seed: 10);
        Assert.Equal((0.0, 0.0, 1.0), (none.Distance, none.NullStd, none.PValue));
        Assert.True(double.IsNaN(none.ExcessInNullSd));
    }
}
