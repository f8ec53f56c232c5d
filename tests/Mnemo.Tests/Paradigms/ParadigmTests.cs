using Mnemo.Models;
using Mnemo.Paradigms;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Paradigms;

public class ParadigmTests
{
    [Theory]
    [InlineData("supervised")]
    [InlineData("random-labels")]
    [InlineData("random-labels-aug")]
    [InlineData("simclr")]
    public void Loss_falls_after_a_few_steps_on_one_batch(string name)
    {
        manual_seed(0);
        var paradigm = Paradigm.Get(name);
        var settings = paradigm.Defaults(classes: 4) with { LearningRate = name == "simclr" ? 1e-3 : 0.05 };
        using var model = new ResNet18(3, settings.OutputDim, width: 4);
        using var optimizer = paradigm.CreateOptimizer(model, settings);
        using var x = rand(32, 3, 12, 12, generator: new Generator(1));
        // SimCLR's two views: the same images, a little apart.
        Tensor[] views = paradigm.Views == 2 ? [x, x.flip(3)] : [x];
        using var labels = randint(0, 4, [32], generator: new Generator(2));
        double first = 0, last = 0;
        for (int step = 0; step < 15; step++)
        {
            using var scope = NewDisposeScope();
            var (loss, _) = paradigm.Loss(model, views, labels, settings);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < 0.8 * first, $"{name}: loss {first:F3} -> {last:F3}");
    }

    [Fact]
    public void NtXent_is_lowest_when_pairs_coincide_and_counts_correct_pairs()
    {
        using var a = eye(4, 8);
        var (aligned, correct) = SimClr.NtXent(cat([a, a], 0), temperature: 0.1);
        using var shuffled = cat([a, a[TensorIndex.Tensor(tensor(new long[] { 1, 2, 3, 0 }))]], 0);
        var (misaligned, wrong) = SimClr.NtXent(shuffled, temperature: 0.1);
        Assert.True(aligned.item<float>() < misaligned.item<float>());
        Assert.Equal(8, correct);
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void Defaults_are_the_authors_settings()
    {
        var simclr = Paradigm.Get("simclr").Defaults(10);
        Assert.Equal(("adam", 3e-4, 0.07, 128, 200), (simclr.Optimizer, simclr.LearningRate, simclr.Temperature, simclr.OutputDim, simclr.Epochs));
        var supervised = Paradigm.Get("supervised").Defaults(10);
        Assert.Equal(("sgd", 0.9, 50, 200, "crop-flip"), (supervised.Optimizer, supervised.Momentum, supervised.Epochs, supervised.ScheduleEpochs!.Value, supervised.Augmentation));
        Assert.Equal((20, "none", false), (Paradigm.Get("random-labels").Defaults(10).Epochs, Paradigm.Get("random-labels").Defaults(10).Augmentation, Paradigm.Get("random-labels").Defaults(10).Normalize));
        Assert.Equal(500, Paradigm.Get("random-labels-aug").Defaults(10).Epochs);
        Assert.Throws<MnemoException>(() => Paradigm.Get("byol"));
    }
}
