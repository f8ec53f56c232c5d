using Mnemo.Analysis.Representations;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Analysis.Representations;

public class LinearProbeTests
{
    const int Classes = 10, Dim = 32;

    [Fact]
    public void Separable_features_are_decoded()
    {
        var (x, labels) = SyntheticFeatures.Clusters(Classes, 150, Dim, spread: 2, seed: 5);
        var (train, test) = Split(x, labels, trainCount: 1000);

        var accuracy = LinearProbe.Fit(train.X, train.Labels, test.X, test.Labels, Dim, Classes, new LinearProbeOptions(), CPU);

        Assert.True(accuracy.Train > 0.95, $"train accuracy {accuracy.Train}");
        Assert.True(accuracy.Test > 0.95, $"test accuracy {accuracy.Test}");
    }

    [Fact]
    public void Random_labels_are_at_chance_on_held_out_data()
    {
        var rng = new Random(6);
        int n = 3000;
        var x = Enumerable.Range(0, n * Dim).Select(_ => (float)SyntheticFeatures.Gaussian(rng)).ToArray();
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(Classes)).ToArray();
        var (train, test) = Split(x, labels, trainCount: 1000);

        var accuracy = LinearProbe.Fit(train.X, train.Labels, test.X, test.Labels, Dim, Classes, new LinearProbeOptions(), CPU);

        Assert.InRange(accuracy.Test, 0.05, 0.15);
    }

    [Fact]
    public void Small_training_sets_get_enough_steps()
    {
        var (x, labels) = SyntheticFeatures.Clusters(Classes, 10, Dim, spread: 2, seed: 7);
        var accuracy = LinearProbe.Fit(x, labels, x, labels, Dim, Classes, new LinearProbeOptions { MinSteps = 50 }, CPU);
        // 100 images make one batch of 256 per epoch: 50 steps take 50 epochs.
        Assert.Equal(50, accuracy.Epochs);
    }

    static ((float[] X, int[] Labels) Train, (float[] X, int[] Labels) Test) Split(float[] x, int[] labels, int trainCount) =>
        ((x[..(trainCount * Dim)], labels[..trainCount]), (x[(trainCount * Dim)..], labels[trainCount..]));
}
