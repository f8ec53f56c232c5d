using Mnemo.Paradigms;
using Mnemo.Study;

namespace Mnemo.Training;

/// <summary>
/// A run's work in forward-pass equivalents (a training image-view costs about 3, an evaluation view
/// 1), so progress and ETAs weigh a SimCLR epoch (two views, twice the evaluation) as what it costs.
/// </summary>
public sealed record RunCost(int Epochs, int Steps, double TrainPerEpoch, double EvalPerEpoch)
{
    public double PerEpoch => TrainPerEpoch + EvalPerEpoch;
    /// <summary>Epoch 0's recognition included.</summary>
    public double Total => EvalPerEpoch + Epochs * PerEpoch;

    public static RunCost Of(StudyConfig config, int trainImages, string paradigm)
    {
        int views = Paradigm.Get(paradigm).Views;
        int steps = trainImages / config.BatchSize + (trainImages % config.BatchSize > 1 ? 1 : 0);
        return new RunCost(config.For(paradigm).Epochs, steps,
            3.0 * trainImages * views, (double)config.EvalSize * config.Augmentations * views);
    }

    /// <summary>Work done when a run reports <paramref name="p"/>.</summary>
    public double Done(TrainProgress p) =>
        EvalPerEpoch + (p.Epoch - 1) * PerEpoch + TrainPerEpoch * p.Step / p.Steps + (p.MeanRecognition is null ? 0 : EvalPerEpoch);
}
