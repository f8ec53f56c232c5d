using Mnemo.Cluster;
using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Xunit;

namespace Mnemo.Tests.Cluster;

public class EstimateTests
{
    [Fact]
    public void The_paper_preset_costs_what_its_settings_multiply_out_to()
    {
        var data = DataShape.Of("cifar10");
        var estimate = StudyEstimate.For(Presets.Get("paper", data.Classes), data);
        double forward = Flops.Forward(3, 32, 32, 64, 10);
        Assert.InRange(forward, 1.10e9, 1.12e9);   // CIFAR ResNet-18 ~ 0.56 GMAC

        var supervised = estimate.Paradigms.Single(p => p.Paradigm == "supervised");
        Assert.Equal(30.0 * 50 * 50_000 * 1 * 3 * forward, supervised.TrainFlops, 1e-9 * supervised.TrainFlops);
        Assert.Equal(30.0 * 51 * 1024 * 10 * 1 * forward, supervised.EvalFlops, 1e-9 * supervised.EvalFlops);
        var simclr = estimate.Paradigms.Single(p => p.Paradigm == "simclr");
        Assert.Equal(2, simclr.Views);
        Assert.Equal(30.0 * 200 * 50_000 * 2 * 3 * simclr.ForwardFlops, simclr.TrainFlops, 1e-9 * simclr.TrainFlops);
        Assert.Equal(["supervised", "simclr", "random-labels", "random-labels-aug"], estimate.Paradigms.Select(p => p.Paradigm));
        Assert.Equal(estimate.Paradigms.Sum(p => p.TotalFlops), estimate.TotalFlops);
        Assert.Equal(1.0, StudyEstimate.Hours(40e12 * 3600, 40), 12);
    }

    [Fact]
    public void A_training_subset_and_the_data_shape_are_taken_into_account()
    {
        var data = DataShape.Of("fashion-mnist");
        Assert.Equal(new DataShape(60_000, 1, 28, 28, 10), data);
        var demo = StudyEstimate.For(new StudyOptions { TrainSize = 700 }.ApplyTo(Presets.Get("demo", 10)), data);
        Assert.All(demo.Paradigms, p => Assert.Equal(700, p.TrainImages));
        var whole = StudyEstimate.For(new StudyOptions { TrainSize = 0 }.ApplyTo(Presets.Get("demo", 10)), data);
        Assert.All(whole.Paradigms, p => Assert.Equal(60_000, p.TrainImages));
        Assert.Equal(Flops.Forward(1, 28, 28, 8, 10), demo.Paradigms[0].ForwardFlops);
        Assert.Equal(new DataShape(100, 1, 8, 8, 3), DataShape.Of("synthetic:train=100,size=8,channels=1,classes=3"));
    }

    [Fact]
    public void Mnemo_estimate_prints_the_table_with_its_assumption()
    {
        var (exit, output) = CliRunner.Run("estimate", "--preset", "paper", "--tflops", "20", "--gpus", "8");
        Assert.True(exit == 0, output);
        Assert.Contains("study 'paper' on cifar10: 50000 training images 3x32x32", output);
        Assert.Contains("GPU-hours @ 20 TFLOP/s", output);
        Assert.Contains("random-labels-aug", output);
        Assert.Contains("an assumption", output);
        Assert.Contains("on 8 GPUs in parallel", output);
    }
}
