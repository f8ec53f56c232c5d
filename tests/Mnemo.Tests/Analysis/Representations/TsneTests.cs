using Mnemo.Analysis.Representations;
using Xunit;

namespace Mnemo.Tests.Analysis.Representations;

public class TsneTests
{
    const int Clusters = 5, PerCluster = 40, Dim = 50;

    [Fact]
    public void Well_separated_clusters_stay_separated()
    {
        var (x, labels) = SyntheticFeatures.Clusters(Clusters, PerCluster, Dim, spread: 3, seed: 1);
        var y = Tsne.Embed(x, labels.Length, Dim, new TsneOptions { Seed = 7 });

        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.True(NeighbourAgreement(y, labels, k: 10) > 0.9);
    }

    [Fact]
    public void A_seed_gives_the_same_bits_and_another_seed_another_layout()
    {
        var (x, labels) = SyntheticFeatures.Clusters(Clusters, PerCluster, Dim, spread: 3, seed: 2);
        var options = new TsneOptions { Iterations = 300, Seed = 3 };

        var first = Tsne.Embed(x, labels.Length, Dim, options);
        var again = Tsne.Embed(x, labels.Length, Dim, options);
        var other = Tsne.Embed(x, labels.Length, Dim, options with { Seed = 4 });

        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), again.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Too_few_points_are_refused_with_a_message()
    {
        var e = Assert.Throws<MnemoException>(() => Tsne.Embed(new float[6], 3, 2, new TsneOptions()));
        Assert.Contains("4 to", e.Message);
    }

    [Fact]
    public void Perplexity_is_lowered_for_few_points()
    {
        Assert.Equal(30, Tsne.EffectivePerplexity(30, 2000));
        Assert.Equal(33.0 / 3, Tsne.EffectivePerplexity(30, 34));
    }

    // Mean over points of the fraction of its k nearest neighbours (in the embedding) that share its label.
    internal static double NeighbourAgreement(float[] y, int[] labels, int k)
    {
        int n = labels.Length;
        return Enumerable.Range(0, n).Average(i => Enumerable.Range(0, n).Where(j => j != i)
            .OrderBy(j => Math.Pow(y[2 * i] - y[2 * j], 2) + Math.Pow(y[2 * i + 1] - y[2 * j + 1], 2))
            .Take(k).Count(j => labels[j] == labels[i]) / (double)k);
    }
}
