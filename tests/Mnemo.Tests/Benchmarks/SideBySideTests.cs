using Mnemo.Benchmarks;
using Xunit;

namespace Mnemo.Tests.Benchmarks;

public class SideBySideTests
{
    static readonly BenchCase Case = BenchCase.Standard[0];

    [Fact]
    public void RatioIsOfTheMediansAndPairsAreRoundByRound()
    {
        // Rounds out of order on purpose: the medians sort, the pairs must not.
        var r = new SideBySide(Case, 1, [30, 10, 20], [10, 20, 40]);
        Assert.Equal(20, r.Mnemo);
        Assert.Equal(20, r.PyTorch);
        Assert.Equal(1.0, r.Ratio);
        Assert.Equal([3.0, 0.5, 0.5], r.PairRatios);
    }

    [Fact]
    public void EvenRoundCountsTakeTheMeanOfTheMiddleTwo()
    {
        var r = new SideBySide(Case, 2, [1, 4, 2, 3], [2, 2, 2, 2]);
        Assert.Equal(2.5, r.Mnemo);
        Assert.Equal(1.25, r.Ratio);
    }
}
