using Mnemo.Models;
using Mnemo.Analysis.Representations;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Analysis.Representations;

public class ActivationMaximisationTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 3)]
    [InlineData(2, 1)]
    public void Ascent_raises_the_chosen_channels(int stage, int imageChannels)
    {
        manual_seed(11);
        using var network = new StudyNetwork("random", new ResNet18(imageChannels, 10, width: 4));
        int[] channels = ActivationMaximisation.ChooseChannels(seed: 0, stage, 4 << (stage - 1), count: 3);

        var result = ActivationMaximisation.Maximise(network, stage, channels, [imageChannels, 16, 16],
            new ActivationMaximisationOptions { Steps = 40 }, seed: 1, CPU);

        Assert.Equal(channels, result.Select(r => r.Channel));
        Assert.All(result, r =>
        {
            Assert.Equal(imageChannels * 16 * 16, r.Image.Length);
            // A random network's activations on faint noise are ~0.001-0.1; ascent multiplies them.
            Assert.True(r.FinalActivation > 5 * r.InitialActivation && r.FinalActivation > r.InitialActivation + 0.01,
                $"channel {r.Channel}: {r.InitialActivation} -> {r.FinalActivation}");
        });
    }

    [Fact]
    public void Channels_are_distinct_reproducible_and_differ_between_stages()
    {
        var a = ActivationMaximisation.ChooseChannels(seed: 3, stage: 4, stageChannels: 64, count: 3);
        Assert.Equal(a, ActivationMaximisation.ChooseChannels(3, 4, 64, 3));
        Assert.Equal(3, a.Distinct().Count());
        Assert.All(a, c => Assert.InRange(c, 0, 63));
        Assert.NotEqual(a, ActivationMaximisation.ChooseChannels(3, 3, 64, 3));
        Assert.Equal([0, 1], ActivationMaximisation.ChooseChannels(3, 1, stageChannels: 2, count: 3));
    }

    [Fact]
    public void Display_is_the_logistic_of_the_standardised_image()
    {
        var shown = ActivationMaximisation.ForDisplay([1f, 3f, 5f, 7f]);
        // mean 4, std sqrt(5): the middle two are -1/sqrt(5) and +1/sqrt(5) standard deviations away.
        Assert.Equal(1 / (1 + Math.Exp(1 / Math.Sqrt(5))), shown[1], 5);
        Assert.Equal(1.0, shown[1] + shown[2], 5);
        Assert.All(ActivationMaximisation.ForDisplay([2f, 2f]), v => Assert.Equal(0.5f, v));
        Assert.All(ActivationMaximisation.ForDisplay([1f, float.NaN, 3f]), v => Assert.Equal(0.5f, v));
    }
}
