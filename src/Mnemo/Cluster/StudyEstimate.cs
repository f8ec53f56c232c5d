using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Study;
using Mnemo.Training;

namespace Mnemo.Cluster;

/// <summary>
/// Compute of one paradigm of a study: its runs' work (<see cref="RunCost"/>, in forward passes) times the
/// FLOPs of one forward pass, counting convolutions and the head only (<see cref="Flops"/>). Recognition
/// includes epoch 0, the initialisation.
/// </summary>
public sealed record ParadigmCost(string Paradigm, int Runs, int TrainImages, int Views, RunCost Run, double ForwardFlops)
{
    public int Epochs => Run.Epochs;
    public double TrainFlops => (double)Runs * Run.Epochs * Run.TrainPerEpoch * ForwardFlops;
    public double EvalFlops => (double)Runs * (Run.Epochs + 1) * Run.EvalPerEpoch * ForwardFlops;
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
        var costs = config.Paradigms.Select(name => new ParadigmCost(name, config.Models, train, Paradigm.Get(name).Views,
            RunCost.Of(config, train, name),
            Flops.Forward(data.Channels, data.Height, data.Width, config.Width, config.For(name).OutputDim))).ToList();
        return new StudyEstimate(config, data with { TrainImages = train }, costs);
    }
}
