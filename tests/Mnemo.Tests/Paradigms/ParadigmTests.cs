using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Study;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Paradigms;

public class ParadigmTests
{
    public static TheoryData<string> Names => [.. Paradigm.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Loss_falls_after_a_few_steps_on_one_batch(string name)
    {
        manual_seed(0);
        var paradigm = Paradigm.Get(name);
        var settings = paradigm.Paper(classes: 4) with { LearningRate = settingsLearningRate(paradigm) };
        using var model = new ResNet18(3, settings.OutputDim, width: 4);
        using var optimizer = Optimizers.Create(model.parameters(), settings);
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

        static double settingsLearningRate(Paradigm p) => p.Paper(4).Optimizer == OptimizerKind.Adam ? 1e-3 : 0.05;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Recognition_gives_a_bit_and_a_finite_margin_per_view_and_image(string name)
    {
        manual_seed(0);
        var paradigm = Paradigm.Get(name);
        var settings = paradigm.Cpu(classes: 4);
        using var model = new ResNet18(3, settings.OutputDim, width: 4);
        model.eval();
        using var noGrad = no_grad();
        const int m = 2, k = 40;
        var views = Enumerable.Range(0, m).Select(a => Enumerable.Range(0, paradigm.Views)
            .Select(v => rand(k, 3, 12, 12, generator: new Generator((ulong)(10 * a + v)))).ToArray()).ToArray();
        using var labels = randint(0, 4, [k], generator: new Generator(2));
        var r = paradigm.Recognise(model, views, labels, settings);   // SimCLR ignores labels
        Assert.Equal(m * k, r.Bits.Length);
        Assert.Equal(m * k, r.Margins.Length);
        Assert.All(r.Bits, b => Assert.InRange(b, (byte)0, (byte)1));
        Assert.All(r.Margins, g => Assert.True(Half.IsFinite(g)));
        // A recognised view has a margin >= 0, any other one <= 0 (0 only for a tie).
        Assert.All(Enumerable.Range(0, m * k), i => Assert.True(r.Bits[i] == 1 ? (float)r.Margins[i] >= 0 : (float)r.Margins[i] <= 0, $"view {i}"));
        Assert.Equal(paradigm.Views == 2, r.ReverseBits is not null);
        foreach (var pair in views) foreach (var v in pair) v.Dispose();
    }

    [Fact]
    public void NtXent_is_lowest_when_pairs_coincide_and_counts_correct_pairs()
    {
        using var a = eye(4, 8);
        var (aligned, correct) = SimClr.NtXent(cat([a, a], 0), temperature: 0.1);
        using var shuffled = cat([a, a[TensorIndex.Tensor(tensor(new long[] { 1, 2, 3, 0 }))]], 0);
        var (misaligned, wrong) = SimClr.NtXent(shuffled, temperature: 0.1);
        Assert.True(aligned.item<float>() < misaligned.item<float>());
        Assert.Equal(8, correct.item<long>());
        Assert.Equal(0, wrong.item<long>());
    }

    [Fact]
    public void The_paper_settings_are_the_authors()
    {
        var simclr = SimClr.Instance.Paper(10);
        Assert.Equal((OptimizerKind.Adam, 3e-4, 0.07, 128, 200, 256), (simclr.Optimizer, simclr.LearningRate, simclr.Temperature, simclr.OutputDim, simclr.Epochs, simclr.EvalBatch!.Value));
        var supervised = Classification.Supervised.Paper(10);
        Assert.Equal((OptimizerKind.Sgd, 0.9, 50, 200, AugmentationKind.CropFlip, 10), (supervised.Optimizer, supervised.Momentum, supervised.Epochs, supervised.ScheduleEpochs!.Value, supervised.Augmentation, supervised.OutputDim));
        var randomLabels = Classification.RandomLabels.Paper(10);
        Assert.Equal((20, AugmentationKind.None, false), (randomLabels.Epochs, randomLabels.Augmentation, randomLabels.Normalize));
        Assert.Equal(500, Classification.RandomLabelsAug.Paper(10).Epochs);
        Assert.Throws<MnemoException>(() => Paradigm.Get("byol"));
    }

    [Fact]
    public void The_random_label_paradigms_train_on_the_studys_permutation_and_supervised_on_the_truth()
    {
        using var dir = new TempDir();
        var folder = StudySetup.Prepare(dir.Combine("s"), new StudyOptions { Preset = "smoke" });
        using var data = Mnemo.Data.StudyData.Open(folder, CPU);
        Assert.Same(data.TrueLabels, Classification.Supervised.TrainingLabels(data));
        Assert.Same(data.RandomLabels, Classification.RandomLabels.TrainingLabels(data));
        Assert.Same(data.RandomLabels, Classification.RandomLabelsAug.TrainingLabels(data));
        Assert.Null(SimClr.Instance.TrainingLabels(data));
        Assert.NotEqual(data.TrueLabels, data.RandomLabels);
        Assert.Equal(data.TrueLabels.Order(), data.RandomLabels.Order());   // a permutation: class balance kept
    }

    [Fact]
    public void Every_paradigm_of_the_registry_is_in_every_preset_with_valid_settings_and_its_own_colour()
    {
        Assert.Equal(Paradigm.All.Count, Paradigm.All.Select(p => p.Name).Distinct().Count());
        Assert.Equal(Paradigm.All.Count, Paradigm.All.Select(p => p.Colour).Distinct().Count());
        foreach (var preset in Presets.Names)
        {
            var config = Presets.Get(preset, 10);
            Assert.Equal(Paradigm.All.Select(p => p.Name), config.Paradigms);
            foreach (var p in Paradigm.All) p.Validate(config.For(p.Name));
        }
    }
}
