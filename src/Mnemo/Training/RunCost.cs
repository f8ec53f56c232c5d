using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Study;

namespace Mnemo.Training;

/// <summary>
/// A run's work in forward passes of one view: a training view costs <see cref="Flops.PassesPerTrainingView"/>,
/// a recognition view 1. Progress bars and ETAs weigh a SimCLR epoch (two views, twice the evaluation) by
/// it, and cost estimates multiply it by a forward pass's FLOPs.
/// </summary>
public sealed record RunCost(int Epochs, int Steps, double TrainPerEpoch, double EvalPerEpoch)
{
    public double PerEpoch => TrainPerEpoch + EvalPerEpoch;
    /// <summary>Epoch 0's recognition included.</summary>
    public double Total => EvalPerEpoch + Epochs * PerEpoch;

    public static RunCost Of(StudyConfig config, int trainImages, string paradigm)
    {
        int views = Paradigm.Get(paradigm).Views;
        // B images a step; the last, smaller batch is kept unless it has 1 image (BatchNorm needs 2).
        int steps = trainImages / config.BatchSize + (trainImages % config.BatchSize > 1 ? 1 : 0);
        return new RunCost(config.For(paradigm).Epochs, steps,
            (double)Flops.PassesPerTrainingView * trainImages * views, (double)config.EvalSize * config.Augmentations * views);
    }

    /// <summary>Work done when a run reports <paramref name="p"/>.</summary>
    public double Done(TrainProgress p) =>
        EvalPerEpoch + (p.Epoch - 1) * PerEpoch + TrainPerEpoch * p.Step / p.Steps + (p.MeanRecognition is null ? 0 : EvalPerEpoch);
}
