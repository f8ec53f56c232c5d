using Mnemo.Analysis.Representations;
using Xunit;

namespace Mnemo.Tests.Analysis.Representations;

public class BalancedSampleTests
{
    [Fact]
    public void Classes_are_as_equal_as_the_data_allow()
    {
        // Class 2 has only 5 images; the others share what it cannot give.
        int[] labels = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(1, 100), .. Enumerable.Repeat(2, 5)];
        var chosen = BalancedSample.Draw(labels, 65, seed: 1);

        Assert.Equal(65, chosen.Distinct().Count());
        Assert.Equal(chosen.Order(), chosen);
        var counts = chosen.GroupBy(p => labels[p]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(30, counts[0]);
        Assert.Equal(30, counts[1]);
        Assert.Equal(5, counts[2]);
    }

    [Fact]
    public void The_seed_decides_which_images()
    {
        int[] labels = Enumerable.Range(0, 1000).Select(i => i % 10).ToArray();
        Assert.Equal(BalancedSample.Draw(labels, 100, 1), BalancedSample.Draw(labels, 100, 1));
        Assert.NotEqual(BalancedSample.Draw(labels, 100, 1), BalancedSample.Draw(labels, 100, 2));
    }
}
