using Mnemo.Data;
using Xunit;

namespace Mnemo.Tests.Data;

public class SyntheticDataTests
{
    [Fact]
    public void Same_seed_gives_the_same_bytes()
    {
        var a = DataSource.Load("synthetic:train=200,test=50,seed=3");
        var b = DataSource.Load("synthetic:train=200,test=50,seed=3");

        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.Train.Labels, b.Train.Labels);
        Assert.Equal(a.Test.Pixels, b.Test.Pixels);
        Assert.Equal(a.Fingerprint(), b.Fingerprint());
    }

    [Fact]
    public void Another_seed_gives_other_bytes()
    {
        var a = DataSource.Load("synthetic:train=200,test=50,seed=3");
        var b = DataSource.Load("synthetic:train=200,test=50,seed=4");

        Assert.NotEqual(a.Train.Pixels, b.Train.Pixels);
        Assert.NotEqual(a.Test.Pixels, b.Test.Pixels);
    }

    [Fact]
    public void More_test_images_leave_the_training_images_unchanged()
    {
        var a = DataSource.Load("synthetic:train=100,test=20");
        var b = DataSource.Load("synthetic:train=100,test=40");

        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
    }

    [Theory]
    [InlineData(1024, 10)]
    [InlineData(1000, 7)]
    public void Classes_are_balanced(int train, int classes)
    {
        var data = DataSource.Load($"synthetic:train={train},test=100,classes={classes}");

        int[] counts = data.Train.ClassCounts(classes);
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
        Assert.Equal(train, counts.Sum());
        int[] testCounts = data.Test.ClassCounts(classes);
        Assert.True(testCounts.Max() - testCounts.Min() <= 1, string.Join(",", testCounts));
    }

    [Fact]
    public void Labels_are_shuffled_not_in_blocks_or_cycles()
    {
        var labels = DataSource.Load("synthetic").Train.Labels;
        int cyclic = Enumerable.Range(0, labels.Length).Count(i => labels[i] == i % 10);
        Assert.InRange(cyclic, 0, labels.Length / 4);
    }

    [Fact]
    public void Defaults_and_options()
    {
        var defaults = DataSource.Load("synthetic");
        Assert.Equal((1024, 256), (defaults.Train.Count, defaults.Test.Count));
        Assert.Equal((3, 16, 16), (defaults.Train.Channels, defaults.Train.Height, defaults.Train.Width));
        Assert.Equal(10, defaults.Classes);
        Assert.Equal("synthetic:train=1024,test=256,size=16,channels=3,classes=10,seed=0", defaults.Name);

        var custom = DataSource.Load("synthetic:size=8, channels=1,classes=4,train=40,test=8");
        Assert.Equal((40, 8, 1, 8, 8, 4),
            (custom.Train.Count, custom.Test.Count, custom.Train.Channels, custom.Train.Height, custom.Train.Width, custom.Classes));
    }

    [Theory]
    [InlineData("synthetic:colour=3", "unknown key 'colour'")]
    [InlineData("synthetic:train", "'train' is not key=integer")]
    [InlineData("synthetic:train=many", "'train=many' is not key=integer")]
    [InlineData("synthetic:classes=1", "classes must be 2..1000")]
    [InlineData("synthetic:train=5", "train must be at least classes")]
    [InlineData("synthetic:size=2", "size must be 4..256")]
    [InlineData("synthetic:channels=0", "channels must be 1..16")]
    [InlineData("synthetic:test=0", "test must be 1..1000000")]
    public void Bad_options_are_refused(string spec, string problem)
    {
        var error = Assert.Throws<MnemoException>(() => DataSource.Load(spec));
        Assert.Contains(problem, error.Message);
    }

    // Learnable: the nearest class mean on raw pixels classifies test images well. Not at once:
    // an image's distance from its class mean exceeds the spread of the class means, so a model
    // must learn to look past the per-image distractor, shift and noise.
    [Fact]
    public void Classes_are_separable_but_images_vary_more_than_classes()
    {
        var data = DataSource.Load("synthetic");
        int n = data.Train.ImageSize, classes = data.Classes;
        var means = new double[classes, n];
        var counts = data.Train.ClassCounts(classes);
        for (int i = 0; i < data.Train.Count; i++)
            for (int p = 0; p < n; p++)
                means[data.Train.Labels[i], p] += data.Train.Pixels[i * n + p] / (double)counts[data.Train.Labels[i]];

        double Distance2(byte[] pixels, int image, int c)
        {
            double sum = 0;
            for (int p = 0; p < n; p++) sum += Math.Pow(pixels[image * n + p] - means[c, p], 2);
            return sum;
        }
        int correct = Enumerable.Range(0, data.Test.Count).Count(i =>
            Enumerable.Range(0, classes).MinBy(c => Distance2(data.Test.Pixels, i, c)) == data.Test.Labels[i]);
        Assert.True(correct >= 0.9 * data.Test.Count, $"nearest class mean: {correct}/{data.Test.Count}");

        double within = Enumerable.Range(0, data.Train.Count).Average(i => Distance2(data.Train.Pixels, i, data.Train.Labels[i]));
        double between = 0;
        for (int c = 0; c < classes; c++)
            for (int p = 0; p < n; p++)
            {
                double grand = Enumerable.Range(0, classes).Average(k => means[k, p]);
                between += Math.Pow(means[c, p] - grand, 2) / classes;
            }
        Assert.True(within > between, $"within-class {within:F0} vs between-class {between:F0}");
    }
}
