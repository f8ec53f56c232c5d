using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Paradigms;

namespace Mnemo.Study;

/// <summary>What the cost of a study depends on in its data: training images, image shape and classes.</summary>
public sealed record DataShape(int TrainImages, int Channels, int Height, int Width, int Classes)
{
    /// <summary>The shape of a data spec: known for CIFAR-10 and the MNISTs (so no files are needed), else loaded.</summary>
    public static DataShape Of(string spec)
    {
        string kind = spec.Split(':', 2)[0].Trim().ToLowerInvariant();
        switch (kind)
        {
            case "cifar10": return new(50_000, 3, 32, 32, 10);
            case "fashion-mnist" or "mnist": return new(60_000, 1, 28, 28, 10);
            case "synthetic":
                var o = SyntheticData.Parse(spec.Contains(':') ? spec.Split(':', 2)[1] : null);
                return new(o.Train, o.Channels, o.Size, o.Size, o.Classes);
        }
        var data = DataSource.Load(spec);
        var train = data.Train;
        return new(train.Count, train.Channels, train.Height, train.Width, data.Classes);
    }
}

/// <summary>
/// Compute of one paradigm of a study, counting convolutions and the head only (<see cref="Flops"/>):
/// training = runs x epochs x train images x views x 3 forward passes (forward + backward);
/// recognition = runs x (epochs + 1) x K x M x views forward passes (epoch 0 is the initialisation).
/// </summary>
public sealed record ParadigmCost(string Paradigm, int Runs, int Epochs, int TrainImages, int Views,
                                  int EvalImages, int Augmentations, double ForwardFlops)
{
    public double TrainFlops => (double)Runs * Epochs * TrainImages * Views * 3 * ForwardFlops;
    public double EvalFlops => (double)Runs * (Epochs + 1) * EvalImages * Augmentations * Views * ForwardFlops;
    public double TotalFlops => TrainFlops + EvalFlops;
}

/// <summary>A cost estimate of a study: FLOPs per paradigm and the GPU time they take at an assumed throughput.</summary>
public sealed record StudyEstimate(StudyConfig Config, DataShape Data, IReadOnlyList<ParadigmCost> Paradigms)
{
    /// <summary>
    /// An assumption, not a measurement: effective FLOP/s of a CIFAR ResNet-18 training on one A100-class
    /// GPU with cuDNN's TF32 convolutions (libtorch's default; plain FP32 peaks at 19.5 TFLOP/s there).
    /// Measure with `mnemo bench --device cuda` and pass --tflops.
    /// </summary>
    public const double AssumedTflops = 40;

    public double TotalFlops => Paradigms.Sum(p => p.TotalFlops);

    public static double Hours(double flops, double tflops) => flops / (tflops * 1e12) / 3600;

    public static StudyEstimate For(StudyConfig config, DataShape data)
    {
        int train = config.TrainSize ?? data.TrainImages;
        var costs = config.Paradigms.Select(name =>
        {
            var s = config.For(name);
            return new ParadigmCost(name, config.Models, s.Epochs, train, Paradigm.Get(name).Views, config.EvalSize,
                config.Augmentations, Flops.Forward(data.Channels, data.Height, data.Width, config.Width, s.OutputDim));
        }).ToList();
        return new StudyEstimate(config, data with { TrainImages = train }, costs);
    }
}
