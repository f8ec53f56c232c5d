using Mnemo.Benchmarks;
using Xunit;
using Mnemo.Analysis;
using Mnemo.Report;

namespace Mnemo.Tests.Analysis;

public class ThresholdEpochTests
{
    [Theory]
    [InlineData(0.25, 1)]
    [InlineData(0.5, 2)]   // reached exactly
    [InlineData(0.05, 0)]  // the initialisation counts
    [InlineData(0.9, null)]
    public void FirstEpochAtOrAboveThreshold(double threshold, int? expected)
    {
        double[] mean = [0.1, 0.3, 0.5, 0.45, 0.8];
        Assert.Equal(expected, ThresholdEpochs.First(mean, threshold));
    }

    /// <summary>Deterministic bits: after epoch t, image k is recognised by every run and view iff k < fraction[t] K.</summary>
    static byte[] Staircase(double[] fraction, int m, int k)
    {
        var bits = new byte[fraction.Length * m * k];
        for (int t = 0; t < fraction.Length; t++)
            for (int a = 0; a < m; a++)
                for (int x = 0; x < k; x++)
                    bits[(t * m + a) * k + x] = x < fraction[t] * k ? (byte)1 : (byte)0;
        return bits;
    }

    [Fact]
    public void HandMadeCurvesGiveTheirThresholdEpochsAndNullWhenNeverReached()
    {
        const int m = 2, k = 100, runs = 2;
        double[] supervised = [0.0, 0.2, 0.3, 0.6, 0.8, 0.9];
        double[] simclr = [0.0, 0.1, 0.1, 0.2, 0.5, 0.6];  // jumps over 0.25 at epoch 4, never reaches 0.75
        var config = SimulatedStudy.Config(2, runs, supervised.Length - 1, m, k);
        using var study = TempStudy.Simulate(config, (_, _, _, _) => 0);
        for (int seed = 0; seed < runs; seed++)
        {
            study.WriteRecognition("supervised", seed, supervised.Length, m, k, Staircase(supervised, m, k));
            study.WriteRecognition("simclr", seed, simclr.Length, m, k, Staircase(simclr, m, k));
        }
        var analysis = StudyAnalysis.Run(StudyRecords.Load(study.Dir));

        foreach (var variant in new[] { ProfileVariant.Averaged, ProfileVariant.Fixed })
        {
            Assert.Equal([2, 3, 4], analysis.Paradigms["supervised"].For(variant).Select(r => r.Reached!.Epoch));
            Assert.Equal([4, 4], analysis.Paradigms["simclr"].For(variant).Take(2).Select(r => r.Reached!.Epoch));
            Assert.Null(analysis.Paradigms["simclr"].At(variant, 0.75));
        }
        Assert.Equal(0.6, analysis.Paradigms["supervised"].At(ProfileVariant.Averaged, 0.5)!.MeanP, 12);
        var first = ThresholdEpochs.FirstPerImage(analysis.Paradigms["simclr"].Counts, 0.5);
        Assert.Equal(1, first[0]);
        Assert.Equal(3, first[15]);
        Assert.Equal(4, first[25]);
        Assert.Equal(5, first[55]);
        Assert.Null(first[60]);
    }
}
