using Mnemo.Benchmarks;
using Xunit;
using Mnemo.Analysis;
using Mnemo.Report;

namespace Mnemo.Tests.Analysis;

public class BinomialReferenceTests
{
    const int N = 30, M = 10, K = 1024, Epochs = 4;

    /// <summary>MAE between two independent sorted Bin(n, p)/n curves of K values: what noise alone gives.</summary>
    static double TwoDrawMae(int n, double p, int k)
    {
        var rng = new Random(12345);
        var binomial = new BinomialDistribution(n, p);
        double sum = 0;
        const int trials = 50;
        for (int i = 0; i < trials; i++)
            sum += BinomialReference.MeanAbsoluteError(binomial.SortedCurve(k, rng), binomial.SortedCurve(k, rng));
        return sum / trials;
    }

    static StudyAnalysis Analyse(TempStudy study) => StudyAnalysis.Run(StudyRecords.Load(study.Dir));

    [Fact]
    public void EquallyHardImagesLookLikeBinomialNoise()
    {
        // Every bit iid Bernoulli(t / 4 + 0.02): mean p crosses 0.25, 0.5, 0.75 at epochs 1, 2, 3 (0.02 is 8 standard errors).
        using var study = TempStudy.Simulate(SimulatedStudy.Config(2, N, Epochs, M, K), (_, t, _, _) => t == 0 ? 0 : t / 4.0 + 0.02);
        var simclr = Analyse(study).Paradigms["simclr"];
        foreach (var threshold in simclr.Fixed)
        {
            var fixedAt = threshold.Reached!;
            Assert.Equal((int)(threshold.P * 4), fixedAt.Epoch);
            double noise = TwoDrawMae(N, fixedAt.MeanP, K);
            Assert.InRange(fixedAt.MaeMean, 0, 2 * noise);
            Assert.InRange(fixedAt.MaeNull, 0.5 * noise, 2 * noise);
            Assert.True(fixedAt.Chi2!.PValue > 0.01, $"chi-square rejected iid bits at p = {threshold.P}: {fixedAt.Chi2}");
            Assert.InRange(fixedAt.EnvelopeOutside, 0, 0.2);
        }
        foreach (var threshold in simclr.Averaged)
        {
            // The averaged profile of iid bits averages N*M trials against a Bin(N) reference: its MAE is the null MAE, well above noise.
            var averaged = threshold.Reached!;
            Assert.InRange(averaged.MaeMean, 0.8 * averaged.MaeNull, 1.2 * averaged.MaeNull);
            Assert.True(averaged.MaeNull > 3 * TwoDrawMae(N, averaged.MeanP, K));
        }
    }

    [Fact]
    public void TwoGroupsOfDifferentDifficultyDepartFromBinomialNoise()
    {
        // From epoch 1, even images are recognised with p = 0.95 and odd ones with 0.05: mean 0.5, nothing like Bin(N, 0.5).
        using var study = TempStudy.Simulate(SimulatedStudy.Config(2, N, Epochs, M, K), (_, t, _, k) => t == 0 ? 0 : k % 2 == 0 ? 0.95 : 0.05);
        var simclr = Analyse(study).Paradigms["simclr"];
        var fixedAt = simclr.At(ProfileVariant.Fixed, 0.5)!;
        Assert.Equal(1, fixedAt.Epoch);
        Assert.True(fixedAt.MaeMean > 10 * TwoDrawMae(N, fixedAt.MeanP, K), $"MAE {fixedAt.MaeMean}");
        Assert.True(fixedAt.Chi2!.PValue < 1e-6, $"chi-square did not reject two groups: {fixedAt.Chi2}");
        Assert.True(fixedAt.EnvelopeOutside > 0.8);
        var averaged = simclr.At(ProfileVariant.Averaged, 0.5)!;
        Assert.True(averaged.MaeMean > 3 * averaged.MaeNull, $"MAE {averaged.MaeMean}, null {averaged.MaeNull}");
        Assert.Null(simclr.At(ProfileVariant.Fixed, 0.75));
    }

    [Fact]
    public void SortedCurveHasBinomialMeanAndIsSorted()
    {
        var curve = new BinomialDistribution(20, 0.3).SortedCurve(20_000, new Random(1));
        Assert.Equal(20_000, curve.Length);
        Assert.InRange(curve.Average(), 0.29, 0.31);
        for (int i = 1; i < curve.Length; i++) Assert.True(curve[i] >= curve[i - 1]);
    }

    [Fact]
    public void ComparisonIsDeterministicForASeed()
    {
        double[] profile = Enumerable.Range(0, 500).Select(i => i / 500.0).ToArray();
        var binomial = new BinomialDistribution(10, 0.5);
        var a = BinomialReference.Compare(profile, binomial, 10, new Random(7));
        var b = BinomialReference.Compare(profile, binomial, 10, new Random(7));
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(a.Std, b.Std);
        Assert.True(a.Std > 0);
    }

    [Fact]
    public void EnvelopeHoldsItsOwnDrawsAndNotADifferentCurve()
    {
        var binomial = new BinomialDistribution(30, 0.4);
        var envelope = BinomialEnvelope.Of(binomial, 1000, BinomialEnvelope.Draws, new Random(3));
        var rng = new Random(99);
        double outside = Enumerable.Range(0, 20).Average(_ => envelope.FractionOutside(binomial.SortedCurve(1000, rng)));
        Assert.InRange(outside, 0, 0.1);
        Assert.Equal(1.0, envelope.FractionOutside(Enumerable.Repeat(0.9, 1000).ToArray()));
    }
}
