using Xunit;
using Mnemo.Analysis;

namespace Mnemo.Tests.Analysis;

public class ChiSquareTests
{
    [Theory]
    // Upper tail of chi-square, from mpmath.gammainc(dof / 2, x / 2, inf, regularized=True) at 30 digits.
    [InlineData(3.841458820694124, 1, 0.0500000000000000574)]
    [InlineData(10.0, 5, 0.0752352461465121787)]
    [InlineData(100.0, 100, 0.481191684527956718)]
    [InlineData(0.5, 3, 0.918891411654675859)]
    [InlineData(200.0, 10, 1.61393053369773048e-37)]
    public void UpperIncompleteGammaGivesChiSquarePValues(double statistic, int dof, double expected)
    {
        double p = SpecialFunctions.RegularizedGammaQ(dof / 2.0, statistic / 2);
        Assert.True(Math.Abs(p - expected) <= 1e-9 * expected, $"Q = {p}, expected {expected}");
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        Assert.Equal(Math.Log(120), SpecialFunctions.LogGamma(6), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 12);
    }

    [Fact]
    public void ExactBinomialCountsGiveASmallStatistic()
    {
        // K = 1600 images whose successes out of n = 4 follow Bin(4, 0.5) exactly: 100, 400, 600, 400, 100.
        int[] counts = [100, 400, 600, 400, 100];
        int[] successes = counts.SelectMany((c, j) => Enumerable.Repeat(j, c)).ToArray();
        var chi2 = ChiSquareTest.AgainstBinomial(successes, 4);
        Assert.Equal(0, chi2.Statistic, 9);
        Assert.Equal(5, chi2.Bins);
        Assert.Equal(3, chi2.Dof);
        Assert.Equal(1, chi2.PValue, 9);
    }

    [Fact]
    public void BinsExpectingFewerThanFiveArePooled()
    {
        // n = 10, p^ = 0.1, K = 100 (every image 1 of 10): expected 34.87, 38.74, 19.37, 5.74, then 1.28 over 4..10,
        // which joins bin 3. Statistic by hand (mpmath): 158.11747917132.
        int[] successes = Enumerable.Repeat(1, 100).ToArray();
        var chi2 = ChiSquareTest.AgainstBinomial(successes, 10);
        Assert.Equal(4, chi2.Bins);
        Assert.Equal(2, chi2.Dof);
        Assert.Equal(158.11747917132, chi2.Statistic, 6);
        Assert.Equal(Math.Exp(-158.11747917132 / 2), chi2.PValue, 1e-40);
    }
}
